import { createHttpApp, listenHttp } from '@mailstore/http';
import { storeOf, type RunningServer, type ServiceContext } from '@mailstore/service';
import { startMaintenance } from '@mailstore/storage';

/**
 * Starts the HTTP API on the configured address, and the mail store's repeatable maintenance
 * jobs (journal pruning, attachment garbage collection). Every instance runs a worker; BullMQ
 * runs each scheduled job once, on whichever instance takes it.
 */
export async function startApiServer(context: ServiceContext): Promise<RunningServer> {
  const maintenance = await startMaintenance(storeOf(context));
  const server = await listenHttp(createHttpApp(context), context.config.api);
  return {
    listeners: server.listeners,
    close: async (graceMs) => {
      await server.close(graceMs);
      await maintenance.close();
    },
  };
}

import { createHttpApp, listenHttp } from '@mailstore/http';
import type { RunningServer, ServiceContext } from '@mailstore/service';

/** Starts the HTTP API on the configured address. */
export async function startApiServer(context: ServiceContext): Promise<RunningServer> {
  const app = createHttpApp(context);
  return listenHttp(app, context.config.api);
}

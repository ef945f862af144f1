import { createHttpApp, listenHttp } from '@mailstore/http';
import type { RunningServer, ServiceContext } from '@mailstore/service';

/** Starts the auth gateway on the configured address. */
export async function startAuthServer(context: ServiceContext): Promise<RunningServer> {
  const app = createHttpApp(context);
  return listenHttp(app, context.config.auth);
}

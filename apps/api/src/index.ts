export { startApiServer, type ApiServer, type ApiServerOptions } from "./http/server.ts";
export { createLogger } from "./logger.ts";

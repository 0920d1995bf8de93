import type { Database } from "@spendline/db";
import type { Logger } from "pino";
import type { Principal } from "../auth/principal.ts";
import type { Metrics } from "../http/metrics.ts";
import type { Loaders } from "./loaders.ts";

export interface Context {
  db: Database;
  principal: Principal;
  requestId: string;
  log: Logger;
  loaders: Loaders;
  metrics: Metrics;
}

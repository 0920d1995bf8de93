// The HTTP surface: /graphql (Apollo), /healthz, /readyz. Plain node:http so body limits, request ids, auth and
// draining are explicit.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, HeaderMap } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { Database } from "@spendline/db";
import { AppError, ErrorCode } from "@spendline/domain";
import type { Logger } from "pino";
import { authenticate } from "../auth/authenticate.ts";
import { isPublicOperation } from "../auth/public-operations.ts";
import type { Context } from "../graphql/context.ts";
import { errorHttpStatus, formatErrorFor, isDatabaseUnavailable } from "../graphql/errors.ts";
import { createFastPath } from "../graphql/fast-path.ts";
import { createLoaders } from "../graphql/loaders.ts";
import { loadTypeDefs, resolvers } from "../graphql/schema.ts";
import { MAX_TOKENS, queryLimits } from "../graphql/query-limits.ts";
import { handleExportRequest } from "./exports-route.ts";
import { createMetrics } from "./metrics.ts";

export interface ApiServerOptions {
  db: Database;
  adminToken: string;
  log: Logger;
  port?: number;
  host?: string;
  production?: boolean;
  maxBodyBytes?: number;
  /** Recording mutations executed without Apollo's per-request pipeline (graphql/fast-path.ts). Default on; off
   * only to compare both paths in tests. */
  fastPath?: boolean;
}

export interface ApiServer {
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, then stops Apollo. Does not close the database. */
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** A ping that hangs (every pooled connection stuck on a database that stopped answering) is not ready either:
 * without a bound, /readyz itself hung and never said 503 during an outage. */
async function pingWithin(db: Database, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([db.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

function errorBody(e: AppError) {
  return { errors: [{ message: e.message, extensions: { code: e.code, ...e.details } }] };
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { db, log } = options;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const metrics = createMetrics();
  // One executable schema for Apollo and the fast path.
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never });
  const formatError = formatErrorFor(log);
  const apollo = new ApolloServer<Context>({
    schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // main.ts drains on SIGTERM / SIGINT, then stops Apollo. Apollo's own handler (on outside NODE_ENV=test) stopped
    // it at once, so requests still in flight were answered 500 and the database was not closed cleanly.
    stopOnTerminationSignals: false,
    formatError,
    validationRules: queryLimits,
    parseOptions: { maxTokens: MAX_TOKENS },
    // Cache hints were never used; every /graphql answer says no-store (set below, for both paths).
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      errorHttpStatus(() => metrics.databaseError()),
    ],
  });
  const fastPath =
    options.fastPath === false
      ? null
      : createFastPath({
          schema,
          validationRules: queryLimits,
          maxTokens: MAX_TOKENS,
          formatError,
          onDatabaseError: () => metrics.databaseError(),
        });
  await apollo.start();
  let draining = false;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const requestId = (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
    res.setHeader("x-request-id", requestId);
    // While draining, no connection is kept alive for another request.
    if (draining) res.setHeader("connection", "close");
    const reqLog = log.child({ requestId });
    const url = new URL(req.url ?? "/", "http://localhost");
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      // A request that was already in flight when draining began leaves a keep-alive connection behind: close it
      // as soon as it is idle, or server.close() would wait for the client's keep-alive timeout.
      if (draining) setImmediate(() => server.closeIdleConnections());
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      metrics.observeRequest(url.pathname, res.statusCode, ms / 1000);
      reqLog.info({ method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, "request");
    });

    if (url.pathname === "/healthz" || url.pathname === "/readyz") {
      try {
        if (url.pathname === "/readyz" && draining) throw new Error("draining");
        await pingWithin(db, 2000);
        return sendJson(res, 200, { status: "ok", database: db.kind });
      } catch (e) {
        return sendJson(res, 503, { status: "unavailable", database: db.kind, reason: (e as Error).message });
      }
    }
    if (url.pathname === "/metrics") {
      res.writeHead(200, { "content-type": metrics.registry.contentType });
      return res.end(await metrics.registry.metrics());
    }
    const isExport = url.pathname.startsWith("/exports/");
    if (url.pathname !== "/graphql" && !isExport) return sendJson(res, 404, { error: "Not found. The API is at /graphql." });
    if (draining) {
      return sendJson(res, 503, errorBody(new AppError(ErrorCode.SERVICE_UNAVAILABLE, "Shutting down; retry.")), {
        connection: "close",
      });
    }
    // Finance CSV exports (GET, streamed): their own route, same authentication and error codes.
    if (isExport) return handleExportRequest(req, res, url, { db, adminToken: options.adminToken, log: reqLog, requestId, metrics });

    let body: string;
    try {
      body = req.method === "POST" ? await readBody(req, maxBodyBytes) : "";
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        return sendJson(
          res,
          413,
          errorBody(new AppError(ErrorCode.PAYLOAD_TOO_LARGE, `Request bodies are limited to ${maxBodyBytes} bytes.`)),
          { connection: "close" },
        );
      }
      throw e;
    }

    let principal;
    try {
      principal = await authenticate(db, options.adminToken, req.headers.authorization);
    } catch (e) {
      if (e instanceof AppError) return sendJson(res, 401, errorBody(e), { "www-authenticate": "Bearer" });
      if (isDatabaseUnavailable(e)) {
        metrics.databaseError();
        return sendJson(res, 503, errorBody(new AppError(ErrorCode.SERVICE_UNAVAILABLE, "The database is unavailable.")));
      }
      throw e;
    }

    let parsed: unknown = undefined;
    if (body) {
      try {
        parsed = JSON.parse(body);
      } catch {
        return sendJson(res, 400, errorBody(new AppError(ErrorCode.BAD_USER_INPUT, "The request body is not valid JSON.")));
      }
    }
    if (principal.kind === "anonymous" && !(req.method === "POST" && isPublicOperation(parsed))) {
      const e = new AppError(ErrorCode.UNAUTHENTICATED, "Send `Authorization: Bearer <token>` (an API key, a session or the admin token).");
      return sendJson(res, 401, errorBody(e), { "www-authenticate": "Bearer" });
    }
    const context: Context = { db, principal, requestId, log: reqLog, loaders: createLoaders(db), metrics };
    if (fastPath && req.method === "POST") {
      const fast = await fastPath.handle(parsed, req.headers, context);
      if (fast) {
        metrics.fastPathServed();
        res.writeHead(fast.status, { ...fast.headers, "cache-control": "no-store", ...(draining ? { connection: "close" } : {}) });
        return res.end(fast.body);
      }
    }
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body: parsed },
      context: async () => context,
    });
    const out: Record<string, string> = { "cache-control": "no-store" };
    for (const [k, v] of result.headers) out[k] = v;
    if (draining) out.connection = "close";
    res.writeHead(result.status ?? 200, out);
    if (result.body.kind === "complete") {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      log.error({ err: e }, "request failed");
      if (!res.headersSent) {
        sendJson(res, 500, { errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    port,
    async close() {
      draining = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}

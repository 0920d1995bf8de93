// One mapping from errors to what clients see. AppErrors keep their code and message; GraphQL's own validation
// errors keep theirs; anything else is logged and answered as INTERNAL_SERVER_ERROR without internals.
import type { GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { AppError, ErrorCode } from "@spendline/domain";
import { DataDirectoryLockedError } from "@spendline/db";
import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "pino";

/** Connection-level failures: the database is down or unreachable, so the request may be retried. */
export function isDatabaseUnavailable(e: unknown): boolean {
  const text = `${(e as Error)?.message ?? ""} ${String((e as { code?: unknown })?.code ?? "")}`;
  return (
    e instanceof DataDirectoryLockedError ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated|terminating connection|the database system is (starting up|shutting down)|P1001|P1017|57P01|57P03|Can't reach database|timed out fetching a new connection|timeout exceeded when trying to connect|Transaction API error/i.test(
      text,
    )
  );
}

export function formatErrorFor(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AppError) {
      return { ...formatted, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    const code = formatted.extensions?.code;
    if (code && code !== "INTERNAL_SERVER_ERROR") {
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    if (isDatabaseUnavailable(original)) {
      log.warn({ err: original }, "database unavailable");
      return {
        message: "The database is unavailable. Retry with the same idempotency key: a retry never counts twice.",
        path: formatted.path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    log.error({ err: original }, "unexpected error");
    return { message: "Internal server error", path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** A request that failed because the database is unavailable is answered with HTTP 503, and a sign-in refused for
 * too many attempts with 429, each with Retry-After, not 200 with an error in the body: load balancers and client
 * retry policies look at the status. Counts database failures for /metrics. */
export function errorHttpStatus(onDatabaseError: () => void): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ errors, response, operation }) {
          if (!errors) return;
          if (errors.some((e) => isDatabaseUnavailable(unwrapResolverError(e)))) {
            response.http.status = 503;
            response.http.headers.set("retry-after", "1");
            onDatabaseError();
            return;
          }
          const limited = errors
            .map((e) => unwrapResolverError(e))
            .find((e): e is AppError => e instanceof AppError && e.code === ErrorCode.TOO_MANY_REQUESTS);
          // Only when nothing else ran: a document may hold other mutations, and "retry later" must not invite a
          // client to repeat what was done.
          const onlySignIn = operation?.selectionSet.selections.every(
            (s) => s.kind === "Field" && s.name.value === "signIn",
          );
          if (limited && onlySignIn) {
            response.http.status = 429;
            response.http.headers.set("retry-after", String(limited.details.retryAfterSeconds ?? 60));
          }
        },
      };
    },
  };
}

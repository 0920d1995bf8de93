// A small GraphQL-over-HTTP client with retries. Node's fetch keeps connections alive by default, so a bounded
// pool of in-flight requests reuses that many sockets. Retrying a recordUsage is safe by design: every retry
// carries the same idempotency key and payload, so the server records it at most once.
import { setTimeout as sleep } from "node:timers/promises";

export class ApiError extends Error {
  constructor(
    message: string,
    /** extensions.code, "HTTP_<status>" or "NETWORK". */
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ClientOptions {
  /** Attempts after the first one, for network errors, timeouts, HTTP 5xx / 429 and server-side 5xx codes. */
  retries?: number;
  timeoutMs?: number;
  /** First back-off delay; doubled per attempt (with jitter), at most 5 s. */
  backoffMs?: number;
}

// Codes after which the same request may succeed: the server or its database was briefly unavailable.
const RETRYABLE_CODES = new Set(["SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR"]);

export class GraphQLClient {
  /** Requests that needed at least one retry. */
  retried = 0;
  private readonly endpoint: string;

  constructor(
    baseUrl: string,
    private readonly options: ClientOptions = {},
  ) {
    this.endpoint = new URL("/graphql", baseUrl).toString();
  }

  async request<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const retries = this.options.retries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(token, query, variables);
      } catch (e) {
        const err = e instanceof ApiError ? e : new ApiError((e as Error).message, "NETWORK", true);
        if (!err.retryable || attempt >= retries) throw err;
        if (attempt === 0) this.retried++;
        const base = (this.options.backoffMs ?? 100) * 2 ** attempt;
        await sleep(Math.min(5_000, base / 2 + Math.random() * base));
      }
    }
  }

  private async once<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 60_000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiError(
        `${(e as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ""}`,
        "NETWORK",
        true,
      );
    }
    const text = await res.text().catch((e: Error) => {
      throw new ApiError(`reading the response failed: ${e.message}`, "NETWORK", true);
    });
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(
        `HTTP ${res.status}: ${text.slice(0, 200)}`,
        `HTTP_${res.status}`,
        res.status >= 500 || res.status === 429,
      );
    }
    if (body.errors?.length) {
      const first = body.errors[0]!;
      const code = first.extensions?.code ?? `HTTP_${res.status}`;
      throw new ApiError(
        first.message,
        code,
        RETRYABLE_CODES.has(code) || res.status >= 500 || res.status === 429,
      );
    }
    if (!res.ok || body.data === undefined) {
      throw new ApiError(
        `HTTP ${res.status} without data`,
        `HTTP_${res.status}`,
        res.status >= 500 || res.status === 429,
      );
    }
    return body.data;
  }
}

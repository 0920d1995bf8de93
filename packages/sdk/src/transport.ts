// One GraphQL request with retries. Network errors, HTTP 5xx / 429 and SERVICE_UNAVAILABLE answers are retried with
// exponential backoff and jitter; the request body (and so its idempotency key) is the same on every attempt, so a
// retry of a usage that did land is answered as a duplicate and never counts twice.
import { SpendlineError } from "./errors.ts";

export interface RetryOptions {
  /** Total attempts, the first included. Default 4. */
  attempts?: number;
  /** Delay before the first retry; doubled each time, with jitter. Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound of one delay. Default 5 s. */
  maxDelayMs?: number;
}

export interface TransportOptions {
  url: string;
  token: string;
  retry?: RetryOptions;
  /** Per attempt. Default 15 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const RETRYABLE_CODES = new Set(["SERVICE_UNAVAILABLE"]);

export async function postGraphQL<T>(
  options: TransportOptions,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data: T; attempts: number }> {
  const attempts = Math.max(1, options.retry?.attempts ?? 4);
  const base = options.retry?.baseDelayMs ?? 200;
  const max = options.retry?.maxDelayMs ?? 5_000;
  const doFetch = options.fetch ?? fetch;
  // Relative to the base URL, so an API mounted under a path prefix (https://host/spendline) keeps it.
  const endpoint = new URL("graphql", options.url.endsWith("/") ? options.url : `${options.url}/`).toString();
  const body = JSON.stringify({ query, variables });
  let last: SpendlineError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      const delay = Math.min(max, base * 2 ** (attempt - 2));
      await new Promise((r) => setTimeout(r, delay / 2 + Math.random() * (delay / 2)));
    }
    let res: Response;
    let text: string;
    try {
      res = await doFetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
      text = await res.text();
    } catch (e) {
      last = new SpendlineError(`Spendline unreachable: ${(e as Error).message}`, "NETWORK_ERROR", null, attempt, { cause: e });
      continue;
    }
    let answer: GraphQLAnswer<T> | undefined;
    try {
      answer = JSON.parse(text) as GraphQLAnswer<T>;
    } catch {
      answer = undefined;
    }
    const error = answer?.errors?.[0];
    const code = error?.extensions?.code ?? (res.ok ? "BAD_RESPONSE" : "HTTP_ERROR");
    if (res.status >= 500 || res.status === 429 || RETRYABLE_CODES.has(code)) {
      last = new SpendlineError(error?.message ?? `HTTP ${res.status}`, code, res.status, attempt);
      continue;
    }
    if (error || !answer?.data) {
      throw new SpendlineError(error?.message ?? `Unexpected answer (HTTP ${res.status})`, code, res.status, attempt);
    }
    return { data: answer.data, attempts: attempt };
  }
  throw last ?? new SpendlineError("No attempt made", "NETWORK_ERROR");
}

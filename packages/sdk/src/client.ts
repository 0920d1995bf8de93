// The Spendline client for services: report each LLM call with one line, ask before an expensive one.
import { BudgetExceededError } from "./errors.ts";
import { estimateUsage, type ChatMessage, type EstimateOptions, type UsageEstimate } from "./estimate.ts";
import {
  usageFromAnthropic,
  usageFromOpenAI,
  type AnthropicMessageLike,
  type CanonicalTokens,
  type OpenAIResponseLike,
} from "./extractors.ts";
import type { CheckBudgetQuery, CheckBudgetQueryVariables, RecordUsageMutation } from "./generated/graphql.ts";
import { CHECK_BUDGET, RECORD_USAGE } from "./operations.ts";
import { postGraphQL, type RetryOptions, type TransportOptions } from "./transport.ts";
import type { BudgetCheck, OnNotAllowed, RecordUsageResult, UsageReport } from "./types.ts";

export interface SpendlineClientOptions {
  /** Base URL of the API, e.g. http://localhost:4000. */
  url: string;
  /** A service API key (bound to one tenant) or an admin token. */
  token: string;
  /** The tenant's slug. */
  tenant: string;
  /** "return" (default): over budget is `allowed: false` in the result. "throw": BudgetExceededError, after recording. */
  onNotAllowed?: OnNotAllowed;
  retry?: RetryOptions;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface RecordOptions {
  onNotAllowed?: OnNotAllowed;
}

/** Fields a provider response does not carry, for the record-from-response helpers. */
export type ResponseExtras = Omit<UsageReport, keyof CanonicalTokens> & { model?: string };

export class SpendlineClient {
  readonly tenant: string;
  private readonly transport: TransportOptions;
  private readonly onNotAllowed: OnNotAllowed;

  constructor(options: SpendlineClientOptions) {
    if (!options.url || !options.token || !options.tenant) throw new TypeError("url, token and tenant are required");
    this.tenant = options.tenant;
    this.onNotAllowed = options.onNotAllowed ?? "return";
    this.transport = {
      url: options.url,
      token: options.token,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    };
  }

  /**
   * Records one call. Always recorded (the answer says whether the tenant is still `allowed`). The idempotency key is
   * yours if given, else generated once for this call and reused by every retry, so a retry never counts twice.
   */
  async recordUsage(report: UsageReport, options: RecordOptions = {}): Promise<RecordUsageResult> {
    const input = { ...report, tenant: this.tenant, idempotencyKey: report.idempotencyKey ?? crypto.randomUUID() };
    const { data, attempts } = await postGraphQL<RecordUsageMutation>(this.transport, RECORD_USAGE, { input });
    const result: RecordUsageResult = { ...data.recordUsage, attempts };
    if (!result.allowed && (options.onNotAllowed ?? this.onNotAllowed) === "throw") throw new BudgetExceededError(result);
    return result;
  }

  /** Records an OpenAI(-compatible) Chat Completions or Responses result: prompt_tokens include cached tokens. */
  recordUsageFromOpenAI(response: OpenAIResponseLike, extras: ResponseExtras = {}, options: RecordOptions = {}) {
    const { model, ...rest } = extras;
    return this.recordUsage({ ...rest, ...usageFromOpenAI(response, model) }, options);
  }

  /** Records an Anthropic message: input_tokens exclude cache reads and writes, which are added in. */
  recordUsageFromAnthropic(message: AnthropicMessageLike, extras: ResponseExtras = {}, options: RecordOptions = {}) {
    const { model, ...rest } = extras;
    return this.recordUsage({ ...rest, ...usageFromAnthropic(message, model) }, options);
  }

  /** Would a call of this size be allowed now? Pass an estimate from estimateUsage, or explicit figures. Counts nothing. */
  async checkBudget(
    estimate: Pick<UsageEstimate, "estimatedCostUsd" | "estimatedTokens"> | { estimatedCostUsd?: string | null; estimatedTokens?: string | number | null } = {},
  ): Promise<BudgetCheck> {
    const variables: CheckBudgetQueryVariables = {
      tenant: this.tenant,
      estimatedCostUsd: estimate.estimatedCostUsd ?? null,
      estimatedTokens: estimate.estimatedTokens ?? null,
    };
    const { data } = await postGraphQL<CheckBudgetQuery>(this.transport, CHECK_BUDGET, variables);
    return data.checkBudget;
  }

  /** See estimateUsage: counts the prompt locally and prices the worst case from the catalog. */
  estimateUsage(model: string, messages: string | ChatMessage[], maxOutputTokens: number, options?: EstimateOptions) {
    return estimateUsage(model, messages, maxOutputTokens, options);
  }
}

// Providers report tokens differently; the API takes one meaning (inputTokens counts every input token, cache reads
// and writes included; outputTokens every output token, reasoning included). These convert, so a cached token is
// never charged twice and reasoning tokens are never dropped.
import { SpendlineError } from "./errors.ts";

export interface CanonicalTokens {
  model: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
}

/** An OpenAI Chat Completions or Responses object (or any OpenAI-compatible one); only `model` and `usage` are read. */
export interface OpenAIResponseLike {
  model?: string | null;
  usage?: {
    // Chat Completions: prompt_tokens INCLUDES the cached tokens, completion_tokens INCLUDES reasoning.
    prompt_tokens?: number | null;
    completion_tokens?: number | null;
    prompt_tokens_details?: { cached_tokens?: number | null } | null;
    completion_tokens_details?: { reasoning_tokens?: number | null } | null;
    // Responses API: same meaning under other names.
    input_tokens?: number | null;
    output_tokens?: number | null;
    input_tokens_details?: { cached_tokens?: number | null } | null;
    output_tokens_details?: { reasoning_tokens?: number | null } | null;
  } | null;
}

/** An Anthropic Messages API message; only `model` and `usage` are read. */
export interface AnthropicMessageLike {
  model?: string | null;
  usage?: {
    // input_tokens EXCLUDES cache reads and cache writes: they are reported beside it.
    input_tokens?: number | null;
    output_tokens?: number | null;
    cache_creation_input_tokens?: number | null;
    cache_read_input_tokens?: number | null;
  } | null;
}

function count(value: number | null | undefined, field: string, required: boolean): number {
  if (value === undefined || value === null) {
    if (required) throw new SpendlineError(`usage.${field} is missing`, "BAD_USER_INPUT");
    return 0;
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new SpendlineError(`usage.${field} must be a whole, non-negative number (got ${value})`, "BAD_USER_INPUT");
  }
  return value;
}

function modelOf(response: { model?: string | null }, fallback: string | undefined): string {
  const model = fallback ?? response.model;
  if (!model) throw new SpendlineError("The response names no model; pass one", "BAD_USER_INPUT");
  return model;
}

export function usageFromOpenAI(response: OpenAIResponseLike, model?: string): CanonicalTokens {
  const u = response.usage;
  if (!u) throw new SpendlineError("The response has no usage (streaming? ask for include_usage)", "BAD_USER_INPUT");
  const chat = u.prompt_tokens !== undefined && u.prompt_tokens !== null;
  const inputTokens = chat ? count(u.prompt_tokens, "prompt_tokens", true) : count(u.input_tokens, "input_tokens", true);
  const outputTokens = chat
    ? count(u.completion_tokens, "completion_tokens", true)
    : count(u.output_tokens, "output_tokens", true);
  const cacheReadTokens = chat
    ? count(u.prompt_tokens_details?.cached_tokens, "prompt_tokens_details.cached_tokens", false)
    : count(u.input_tokens_details?.cached_tokens, "input_tokens_details.cached_tokens", false);
  const reasoningTokens = chat
    ? count(u.completion_tokens_details?.reasoning_tokens, "completion_tokens_details.reasoning_tokens", false)
    : count(u.output_tokens_details?.reasoning_tokens, "output_tokens_details.reasoning_tokens", false);
  // OpenAI caches prompts automatically and bills no cache writes.
  return { model: modelOf(response, model), inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens: 0, reasoningTokens };
}

export function usageFromAnthropic(message: AnthropicMessageLike, model?: string): CanonicalTokens {
  const u = message.usage;
  if (!u) throw new SpendlineError("The message has no usage", "BAD_USER_INPUT");
  const uncached = count(u.input_tokens, "input_tokens", true);
  const cacheReadTokens = count(u.cache_read_input_tokens, "cache_read_input_tokens", false);
  const cacheWriteTokens = count(u.cache_creation_input_tokens, "cache_creation_input_tokens", false);
  return {
    model: modelOf(message, model),
    inputTokens: uncached + cacheReadTokens + cacheWriteTokens,
    // Extended thinking is billed as output and included in output_tokens; Anthropic does not report it apart.
    outputTokens: count(u.output_tokens, "output_tokens", true),
    cacheReadTokens,
    cacheWriteTokens,
    reasoningTokens: 0,
  };
}

// Pre-call estimates, so a service can ask checkBudget before it spends: prompt tokens counted with a tokenizer that
// ships inside the js-tiktoken package (nothing is downloaded), priced at the worst case from the same catalog the
// server uses (@spendline/pricing): every prompt token at the dearer of the input and cache-write rates, and the full
// maxOutputTokens at the output rate.
import { Tiktoken, getEncodingNameForModel, type TiktokenModel } from "js-tiktoken/lite";
import cl100k_base from "js-tiktoken/ranks/cl100k_base";
import o200k_base from "js-tiktoken/ranks/o200k_base";
import { catalogPrice, worstCaseCost } from "@spendline/pricing";

export type ContentPart = string | { type?: string; text?: string | null };

export interface ChatMessage {
  role: string;
  content: string | ContentPart[] | null;
  name?: string;
}

export interface EstimateOptions {
  /** Narrows the catalog lookup to one provider's price list (as the server does). */
  provider?: string | null;
  /**
   * Multiplies the counted prompt tokens. Default 1 for OpenAI models (their tokenizer is the one counted with) and
   * 1.2 for others, whose tokenizers are not public: o200k_base counts are used for them, with that much headroom.
   */
  tokenizerMargin?: number;
}

export interface UsageEstimate {
  model: string;
  /** Estimated prompt tokens (margin applied). */
  inputTokens: number;
  maxOutputTokens: number;
  /** inputTokens + maxOutputTokens, as checkBudget's estimatedTokens. */
  estimatedTokens: string;
  /** Worst-case USD, or null when the catalog has no price for the model (check tokens only then). */
  estimatedCostUsd: string | null;
  priceVersion: string | null;
  encoding: "o200k_base" | "cl100k_base";
}

// OpenAI's chat format adds a few tokens per message and primes the reply (see OpenAI's token-counting guide).
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING = 3;
const NON_OPENAI_MARGIN = 1.2;

const encoders = new Map<string, Tiktoken>();
function encoder(name: "o200k_base" | "cl100k_base"): Tiktoken {
  let e = encoders.get(name);
  if (!e) {
    e = new Tiktoken(name === "o200k_base" ? o200k_base : cl100k_base);
    encoders.set(name, e);
  }
  return e;
}

function isOpenAIModel(model: string): boolean {
  return /^(gpt-|o\d|chatgpt-|text-embedding-|davinci|babbage|ft:gpt-)/i.test(model);
}

function encodingFor(model: string): "o200k_base" | "cl100k_base" {
  try {
    const name = getEncodingNameForModel(model as TiktokenModel);
    if (name === "cl100k_base" || name === "o200k_base") return name;
  } catch {
    // Not a model js-tiktoken names: decided below.
  }
  return /^(gpt-4(?![o.])|gpt-3\.5|text-embedding-(ada|3))/i.test(model) ? "cl100k_base" : "o200k_base";
}

function textOf(content: ChatMessage["content"]): string {
  if (content === null) return "";
  if (typeof content === "string") return content;
  // Only text parts are counted: images, audio and files are not estimated.
  return content.map((p) => (typeof p === "string" ? p : (p.text ?? ""))).join("");
}

/** Prompt tokens of a plain string or of chat messages (with the chat format's per-message overhead). */
export function countPromptTokens(model: string, messages: string | ChatMessage[]): number {
  const enc = encoder(encodingFor(model));
  if (typeof messages === "string") return enc.encode(messages).length;
  let n = REPLY_PRIMING;
  for (const m of messages) {
    n += TOKENS_PER_MESSAGE + enc.encode(m.role).length + enc.encode(textOf(m.content)).length;
    if (m.name) n += TOKENS_PER_NAME + enc.encode(m.name).length;
  }
  return n;
}

export function estimateUsage(
  model: string,
  messages: string | ChatMessage[],
  maxOutputTokens: number,
  options: EstimateOptions = {},
): UsageEstimate {
  if (!Number.isSafeInteger(maxOutputTokens) || maxOutputTokens < 0) {
    throw new RangeError("maxOutputTokens must be a whole, non-negative number");
  }
  const margin = options.tokenizerMargin ?? (isOpenAIModel(model) ? 1 : NON_OPENAI_MARGIN);
  if (!(margin >= 1)) throw new RangeError("tokenizerMargin must be at least 1");
  const inputTokens = Math.ceil(countPromptTokens(model, messages) * margin);
  const price = catalogPrice(model, { provider: options.provider ?? null });
  const cost = price && worstCaseCost(price.rates, inputTokens, maxOutputTokens);
  return {
    model,
    inputTokens,
    maxOutputTokens,
    estimatedTokens: String(inputTokens + maxOutputTokens),
    estimatedCostUsd: cost ? cost.toFixed() : null,
    priceVersion: cost ? price.priceVersion : null,
    encoding: encodingFor(model),
  };
}

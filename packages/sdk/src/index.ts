export { SpendlineClient, type SpendlineClientOptions, type RecordOptions, type ResponseExtras } from "./client.ts";
export { BudgetExceededError, SpendlineError } from "./errors.ts";
export { countPromptTokens, estimateUsage, type ChatMessage, type EstimateOptions, type UsageEstimate } from "./estimate.ts";
export {
  usageFromAnthropic,
  usageFromOpenAI,
  type AnthropicMessageLike,
  type CanonicalTokens,
  type OpenAIResponseLike,
} from "./extractors.ts";
export type { RetryOptions } from "./transport.ts";
export type * from "./types.ts";

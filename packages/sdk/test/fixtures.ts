// Provider-shaped responses shared by the extractor and client tests.
// The same call (17,111 prompt tokens, 17,102 of them read from cache; 250 output) as each provider reports it.
export const OPENAI_CHAT = {
  id: "chatcmpl-1",
  object: "chat.completion",
  model: "claude-sonnet-4-5",
  choices: [],
  usage: {
    prompt_tokens: 17_111,
    completion_tokens: 250,
    total_tokens: 17_361,
    prompt_tokens_details: { cached_tokens: 17_102, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  },
};
export const ANTHROPIC_MESSAGE = {
  id: "msg_1",
  type: "message",
  role: "assistant",
  model: "claude-sonnet-4-5",
  content: [],
  usage: { input_tokens: 9, cache_read_input_tokens: 17_102, cache_creation_input_tokens: 0, output_tokens: 250 },
};

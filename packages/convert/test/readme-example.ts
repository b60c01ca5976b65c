import {
  convertAnthropicRequestToOpenAI,
  encodeAnthropicEvent,
  parseAnthropicMessagesRequest,
  streamOpenAIToAnthropic,
} from '@ccp/convert';

// 1. Validate what the client sent (a 400 AnthropicApiError when it is not a valid request).
const request = parseAnthropicMessagesRequest({
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  stream: true,
  system: 'Answer briefly.',
  messages: [{ role: 'user', content: 'What is 2 + 2?' }],
});

// 2. The OpenAI Chat Completions request to send upstream.
const { request: upstreamRequest, warnings } = convertAnthropicRequestToOpenAI(request, {
  model: 'gpt-4.1-mini',
});
console.log(JSON.stringify(upstreamRequest.messages));
// → [{"role":"system","content":"Answer briefly."},{"role":"user","content":"What is 2 + 2?"}]
console.log(upstreamRequest.stream, warnings.length);
// → true 0

// 3. The upstream's answer: here a string, in a server the body of the fetch response.
const upstreamSse = [
  '{"id":"chatcmpl-1","model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"2 + 2"}}]}',
  '{"id":"chatcmpl-1","model":"gpt-4.1-mini","choices":[{"index":0,"delta":{"content":" = 4."}}]}',
  '{"id":"chatcmpl-1","model":"gpt-4.1-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
  '{"id":"chatcmpl-1","model":"gpt-4.1-mini","choices":[],"usage":{"prompt_tokens":21,"completion_tokens":6}}',
  '[DONE]',
]
  .map((data) => `data: ${data}\n\n`)
  .join('');
const body = new Response(upstreamSse).body ?? new ReadableStream<Uint8Array>();

// 4. Anthropic events, ready to be sent to the client as SSE.
const events = streamOpenAIToAnthropic(body, { model: request.model, messageId: 'msg_example' });
let text = '';
for await (const event of events) {
  if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  if (event.type === 'message_delta') console.log(event.delta.stop_reason, JSON.stringify(event.usage));
  if (event.type === 'message_stop') console.log(JSON.stringify(encodeAnthropicEvent(event)));
}
// → end_turn {"input_tokens":21,"output_tokens":6,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}
// → "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
console.log(text);
// → 2 + 2 = 4.

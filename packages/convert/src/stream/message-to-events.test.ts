import { describe, expect, test } from 'vitest';
import type { AnthropicMessage } from '../anthropic-api';
import { assertAnthropicStreamInvariants } from '../testing/check-stream-invariants';
import { fromChunks } from '../testing/replay-fixture';
import { collectAnthropicMessage } from './collect-anthropic-message';
import { anthropicMessageToStreamEvents } from './message-to-events';

describe('anthropicMessageToStreamEvents', () => {
  test('round-trips through collectAnthropicMessage', async () => {
    const message: AnthropicMessage = {
      id: 'msg_round',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [
        { type: 'thinking', thinking: 'plan', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Doing it.' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
        { type: 'tool_use', id: 'toolu_2', name: 'Noop', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        input_tokens: 10,
        output_tokens: 5,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 3,
      },
    };
    const events = anthropicMessageToStreamEvents(message);
    assertAnthropicStreamInvariants(events);
    expect(await collectAnthropicMessage(fromChunks(events))).toEqual(message);
  });
});

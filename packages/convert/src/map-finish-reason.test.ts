import { describe, expect, test } from 'vitest';
import { mapFinishReason, readChoiceStopDetails } from './map-finish-reason';

describe('mapFinishReason', () => {
  test.each([
    ['stop', 'end_turn'],
    ['length', 'max_tokens'],
    ['content_filter', 'refusal'],
    ['something_new', 'end_turn'],
    [null, 'end_turn'],
  ])('%s → %s', (finishReason, stopReason) => {
    expect(mapFinishReason({ finishReason })).toEqual({ stopReason, stopSequence: null });
  });

  test('tool_calls and function_call map to tool_use when a tool block was produced', () => {
    expect(mapFinishReason({ finishReason: 'tool_calls', toolUseEmitted: true }).stopReason).toBe('tool_use');
    expect(mapFinishReason({ finishReason: 'function_call', toolUseEmitted: true }).stopReason).toBe(
      'tool_use',
    );
  });

  test('a produced tool_use block forces tool_use even when the upstream said stop', () => {
    expect(mapFinishReason({ finishReason: 'stop', toolUseEmitted: true }).stopReason).toBe('tool_use');
    expect(mapFinishReason({ finishReason: null, toolUseEmitted: true }).stopReason).toBe('tool_use');
  });

  test('a tool call cut by the token limit stays max_tokens', () => {
    expect(mapFinishReason({ finishReason: 'length', toolUseEmitted: true }).stopReason).toBe('max_tokens');
  });

  test('a matched stop sequence from vLLM becomes stop_sequence', () => {
    expect(mapFinishReason({ finishReason: 'stop', matchedStopSequence: '</answer>' })).toEqual({
      stopReason: 'stop_sequence',
      stopSequence: '</answer>',
    });
    expect(mapFinishReason({ finishReason: 'stop', nativeFinishReason: 'stop_sequence' }).stopReason).toBe(
      'stop_sequence',
    );
  });

  test('a refusal maps to refusal', () => {
    expect(mapFinishReason({ finishReason: 'stop', refused: true }).stopReason).toBe('refusal');
  });

  test('readChoiceStopDetails ignores vLLM stop token ids', () => {
    expect(readChoiceStopDetails({ stop_reason: 128009 })).toEqual({
      matchedStopSequence: null,
      nativeFinishReason: null,
    });
    expect(readChoiceStopDetails({ stop_reason: 'END', native_finish_reason: 'STOP' })).toEqual({
      matchedStopSequence: 'END',
      nativeFinishReason: 'STOP',
    });
  });
});

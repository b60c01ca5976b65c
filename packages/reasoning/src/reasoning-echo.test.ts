import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completeReasoningEcho, createReasoningEcho } from './reasoning-echo';
import {
  createThinkingSignature,
  decodeThinkingSignature,
  encodeThinkingSignature,
} from './thinking-signature';

const openRouterDetails: unknown[] = JSON.parse(
  readFileSync(new URL('./__fixtures__/openrouter-reasoning-details.json', import.meta.url), 'utf8'),
);

/** Anthropic's own signatures are opaque base64; ccp can never read or reuse them. */
const anthropicSignature =
  'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds+Sh8oPThe0bOjPZW7wLMYpR5K9ml0IWGTfENmg==';

describe('thinking signatures', () => {
  it('round-trip dialect, model and OpenRouter details', () => {
    const signature = encodeThinkingSignature({
      dialect: 'openrouter',
      model: 'anthropic/claude-sonnet-4',
      details: openRouterDetails,
    });
    expect(signature.startsWith('ccp1.')).toBe(true);
    expect(signature).toMatch(/^ccp1\.[A-Za-z0-9_-]+$/);
    expect(decodeThinkingSignature(signature)).toEqual({
      dialect: 'openrouter',
      model: 'anthropic/claude-sonnet-4',
      details: openRouterDetails,
    });
  });

  it('leave details out when there are none', () => {
    expect(
      decodeThinkingSignature(encodeThinkingSignature({ dialect: 'ollama', model: 'qwen3', details: [] })),
    ).toEqual({
      dialect: 'ollama',
      model: 'qwen3',
    });
  });

  it.each([
    [anthropicSignature],
    [''],
    [undefined],
    ['ccp1.!!!'],
    [`ccp1.${Buffer.from('{"d":"nowhere","m":"x"}').toString('base64url')}`],
    [`ccp1.${Buffer.from('{"d":"deepseek"}').toString('base64url')}`],
    [`ccp1.${Buffer.from('[1,2]').toString('base64url')}`],
  ])('decode %j as foreign', (signature) => {
    expect(decodeThinkingSignature(signature)).toBeUndefined();
  });
});

function _block(
  thinking: string,
  dialect: Parameters<typeof encodeThinkingSignature>[0]['dialect'],
  model: string,
  details?: unknown[],
) {
  return { type: 'thinking', thinking, signature: encodeThinkingSignature({ dialect, model, details }) };
}

describe('createReasoningEcho', () => {
  it('DeepSeek: echoes reasoning_content from its own blocks', () => {
    const echo = createReasoningEcho({ dialect: 'deepseek', model: 'deepseek-chat' });
    expect(echo(_block('Let me list files.', 'deepseek', 'deepseek-chat'), { hasToolCalls: true })).toEqual({
      reasoning_content: 'Let me list files.',
    });
  });

  it('DeepSeek: a tool-call turn without usable thinking gets an empty reasoning_content', () => {
    const echo = createReasoningEcho({ dialect: 'deepseek', model: 'deepseek-chat' });
    expect(echo(undefined, { hasToolCalls: true })).toEqual({ reasoning_content: '' });
    expect(echo([_block('foreign', 'openrouter', 'x')], { hasToolCalls: true })).toEqual({
      reasoning_content: '',
    });
    expect(echo([], { hasToolCalls: false })).toBeUndefined();
  });

  it('drops thinking from another model or provider, unsigned, Anthropic-signed and redacted', () => {
    const echo = createReasoningEcho({ dialect: 'vllm', model: 'Qwen/Qwen3-32B' });
    const foreign = [
      _block('other model', 'vllm', 'Qwen/Qwen3-8B'),
      _block('other provider', 'ollama', 'Qwen/Qwen3-32B'),
      { type: 'thinking', thinking: 'unsigned' },
      { type: 'thinking', thinking: 'from Claude', signature: anthropicSignature },
      { type: 'redacted_thinking', data: 'abc' },
    ];
    expect(echo(foreign)).toBeUndefined();
    expect(echo([...foreign, _block('mine', 'vllm', 'qwen/qwen3-32b')])).toEqual({
      reasoning_content: 'mine',
    });
  });

  it('joins several own blocks of one turn', () => {
    const echo = createReasoningEcho({ dialect: 'dashscope', model: 'qwen-plus' });
    expect(echo([_block('a', 'dashscope', 'qwen-plus'), _block('b', 'dashscope', 'qwen-plus')])).toEqual({
      reasoning_content: 'ab',
    });
  });

  it('Ollama: echoes `reasoning`', () => {
    const echo = createReasoningEcho({ dialect: 'ollama', model: 'qwen3:8b' });
    expect(echo(_block('hmm', 'ollama', 'qwen3:8b'))).toEqual({ reasoning: 'hmm' });
  });

  it('OpenRouter: sends reasoning_details back verbatim', () => {
    const echo = createReasoningEcho({ dialect: 'openrouter', model: 'anthropic/claude-sonnet-4' });
    const result = echo(
      _block('The user wants…', 'openrouter', 'anthropic/claude-sonnet-4', openRouterDetails),
    );
    expect(result).toEqual({ reasoning_details: openRouterDetails });
    expect(echo(_block('no details', 'openrouter', 'anthropic/claude-sonnet-4'))).toBeUndefined();
  });

  it.each(['openai', 'azure', 'gemini', 'lmstudio', 'generic'] as const)(
    '%s: never sends reasoning back',
    (dialect) => {
      const echo = createReasoningEcho({ dialect, model: 'm' });
      expect(echo(_block('x', dialect, 'm'), { hasToolCalls: true })).toBeUndefined();
    },
  );
});

describe('round trip: response hook → Claude Code → request hook', () => {
  it('OpenRouter details signed by createThinkingSignature come back verbatim on the next turn', () => {
    const sign = createThinkingSignature({ dialect: 'openrouter', model: 'anthropic/claude-sonnet-4' });
    const block = {
      type: 'thinking',
      thinking: 'The user wants…',
      signature: sign({ text: 'The user wants…', details: openRouterDetails }),
    };
    // Claude Code stores and returns the block as JSON.
    const returned = JSON.parse(JSON.stringify(block));
    const echo = createReasoningEcho({ dialect: 'openrouter', model: 'anthropic/claude-sonnet-4' });
    expect(echo(returned)).toEqual({ reasoning_details: openRouterDetails });
  });

  it('other dialects sign without details and echo the text', () => {
    const sign = createThinkingSignature({ dialect: 'deepseek', model: 'deepseek-chat' });
    const signature = sign({ text: 'x', details: openRouterDetails });
    expect(decodeThinkingSignature(signature)).toEqual({ dialect: 'deepseek', model: 'deepseek-chat' });
    const echo = createReasoningEcho({ dialect: 'deepseek', model: 'deepseek-chat' });
    expect(echo({ type: 'thinking', thinking: 'x', signature })).toEqual({ reasoning_content: 'x' });
  });

  it('a switch of model mid-session drops the old reasoning', () => {
    const sign = createThinkingSignature({ dialect: 'openrouter', model: 'anthropic/claude-sonnet-4' });
    const block = {
      type: 'thinking',
      thinking: 't',
      signature: sign({ text: 't', details: openRouterDetails }),
    };
    expect(
      createReasoningEcho({ dialect: 'openrouter', model: 'google/gemini-2.5-pro' })(block),
    ).toBeUndefined();
  });
});

describe('completeReasoningEcho', () => {
  const call = { id: 'call_1', type: 'function', function: { name: 'ls', arguments: '{}' } };
  const request = {
    model: 'deepseek-chat',
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: null, tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
      { role: 'assistant', content: null, tool_calls: [call], reasoning_content: 'kept' },
      { role: 'assistant', content: 'done' },
    ],
  };

  it('gives DeepSeek tool-call turns an empty reasoning_content, keeps existing ones, leaves the input alone', () => {
    const snapshot = structuredClone(request);
    const result = completeReasoningEcho(request, 'deepseek');
    expect(
      result.messages.map((message) => (message as { reasoning_content?: string }).reasoning_content),
    ).toEqual([undefined, '', undefined, 'kept', undefined]);
    expect(request).toEqual(snapshot);
  });

  it('leaves other dialects unchanged', () => {
    expect(completeReasoningEcho(request, 'vllm')).toBe(request);
  });
});

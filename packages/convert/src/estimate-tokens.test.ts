import { readdirSync, readFileSync } from 'node:fs';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100kBase from 'js-tiktoken/ranks/cl100k_base';
import o200kBase from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import type { AnthropicCountTokensRequest } from './anthropic-api';
import { parseAnthropicCountTokensRequest } from './anthropic-request-schema';
import {
  countAnthropicRequestTokens,
  estimateImageTokens,
  estimateTextTokens,
  readImageSize,
} from './estimate-tokens';

const o200k = new Tiktoken(o200kBase);
const cl100k = new Tiktoken(cl100kBase);
const samplesFolder = new URL('./__fixtures__/token-samples/', import.meta.url);
const samples = readdirSync(samplesFolder)
  .sort()
  .map((name) => ({ name, text: readFileSync(new URL(name, samplesFolder), 'utf8') }));
/** Scripts that cl100k, unlike o200k, splits into many more tokens. */
const scriptsCl100kSplits = new Set(['chinese.txt', 'japanese.txt', 'russian.txt']);

function relativeError(estimate: number, real: number): number {
  return estimate / real - 1;
}

describe('estimateTextTokens against real BPE tokenizers', () => {
  it.each(samples)('$name is within ±15% of o200k_base', ({ text }) => {
    const error = relativeError(estimateTextTokens(text), o200k.encode(text).length);
    expect(Math.abs(error)).toBeLessThanOrEqual(0.15);
  });

  it.each(samples.filter((sample) => !scriptsCl100kSplits.has(sample.name)))(
    '$name is within ±15% of cl100k_base',
    ({ text }) => {
      const error = relativeError(estimateTextTokens(text), cl100k.encode(text).length);
      expect(Math.abs(error)).toBeLessThanOrEqual(0.15);
    },
  );

  it('is within ±5% of o200k over all samples together', () => {
    const estimate = samples.reduce((sum, sample) => sum + estimateTextTokens(sample.text), 0);
    const real = samples.reduce((sum, sample) => sum + o200k.encode(sample.text).length, 0);
    expect(Math.abs(relativeError(estimate, real))).toBeLessThanOrEqual(0.05);
  });

  it.each([
    ['', 0],
    ['Hello', 1],
    [' ', 1],
  ])('%j → %i', (text, expected) => {
    expect(estimateTextTokens(text)).toBe(expected);
  });

  it('grows with the text', () => {
    expect(estimateTextTokens('word '.repeat(1000))).toBeGreaterThan(
      estimateTextTokens('word '.repeat(100)) * 9,
    );
  });
});

function base64(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}
const be32 = (value: number) => [
  (value >>> 24) & 255,
  (value >>> 16) & 255,
  (value >>> 8) & 255,
  value & 255,
];
const be16 = (value: number) => [(value >>> 8) & 255, value & 255];
const le16 = (value: number) => [value & 255, (value >>> 8) & 255];
const le24 = (value: number) => [value & 255, (value >>> 8) & 255, (value >>> 16) & 255];

const png = (width: number, height: number) =>
  base64([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    0,
    0,
    0,
    13,
    0x49,
    0x48,
    0x44,
    0x52,
    ...be32(width),
    ...be32(height),
    8,
    6,
    0,
    0,
    0,
  ]);
const gif = (width: number, height: number) =>
  base64([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, ...le16(width), ...le16(height), 0, 0, 0]);
const jpeg = (width: number, height: number) =>
  base64([
    0xff,
    0xd8,
    // APP0 (JFIF), 16 bytes long
    0xff,
    0xe0,
    0,
    16,
    0x4a,
    0x46,
    0x49,
    0x46,
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    // SOF0: length, precision, height, width
    0xff,
    0xc0,
    0,
    17,
    8,
    ...be16(height),
    ...be16(width),
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ]);
const webp = (width: number, height: number) =>
  base64([
    0x52,
    0x49,
    0x46,
    0x46,
    0,
    0,
    0,
    0,
    0x57,
    0x45,
    0x42,
    0x50,
    0x56,
    0x50,
    0x38,
    0x58,
    10,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    ...le24(width - 1),
    ...le24(height - 1),
  ]);

describe('images', () => {
  it.each([
    ['PNG', png(800, 600)],
    ['GIF', gif(800, 600)],
    ['JPEG', jpeg(800, 600)],
    ['WebP', webp(800, 600)],
  ])('reads the size of a %s', (_kind, data) => {
    expect(readImageSize(data)).toEqual({ width: 800, height: 600 });
  });

  it.each([
    [png(800, 600), 640],
    [png(200, 200), 54],
    [png(4000, 3000), 1534],
    [png(10000, 100), 33],
  ])('prices an image by its size', (data, expected) => {
    expect(estimateImageTokens({ type: 'base64', media_type: 'image/png', data })).toBe(expected);
  });

  it('uses 1,600 when the size is unknown', () => {
    expect(estimateImageTokens({ type: 'url', url: 'https://example.com/a.png' })).toBe(1600);
    expect(estimateImageTokens({ type: 'base64', media_type: 'image/png', data: 'not an image' })).toBe(1600);
    expect(readImageSize('%%%')).toBeUndefined();
  });
});

describe('countAnthropicRequestTokens', () => {
  const firstTurn = parseAnthropicCountTokensRequest(
    JSON.parse(readFileSync(new URL('./__fixtures__/claude-code-first-turn.json', import.meta.url), 'utf8')),
  );

  it('is close to o200k on the Claude Code first turn', () => {
    const system = (firstTurn.system as Array<{ text: string }>).map((block) => block.text).join('');
    const messages = JSON.stringify(firstTurn.messages.map((message) => message.content));
    const tools = (firstTurn.tools ?? [])
      .map((tool) => `${tool.name}${String(tool.description)}${JSON.stringify(tool.input_schema)}`)
      .join('');
    const real = o200k.encode(system + messages + tools).length;
    const estimate = countAnthropicRequestTokens(firstTurn);
    // The estimate adds message, block and tool overheads and Anthropic's tool-use prompt (346).
    expect(estimate).toBeGreaterThan(real);
    expect(relativeError(estimate, real)).toBeLessThanOrEqual(0.15);
  });

  const base: AnthropicCountTokensRequest = {
    model: 'm',
    messages: [{ role: 'user', content: 'Hello there' }],
  };

  it.each<[string, Partial<AnthropicCountTokensRequest>]>([
    ['a system prompt', { system: 'You are a careful assistant.' }],
    ['system blocks', { system: [{ type: 'text', text: 'You are a careful assistant.' }] }],
    ['a tool', { tools: [{ name: 'Read', description: 'Read a file', input_schema: { type: 'object' } }] }],
    ['an Anthropic-defined tool', { tools: [{ type: 'web_search_20250305', name: 'web_search' }] }],
    [
      'tool use and result',
      {
        messages: [
          { role: 'user', content: 'Hello there' },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 't', name: 'Read', input: { file_path: '/etc/hosts' } }],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 't',
                content: [{ type: 'text', text: '127.0.0.1 localhost' }],
              },
            ],
          },
        ],
      },
    ],
    [
      'an image',
      {
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png(800, 600) } },
            ],
          },
        ],
      },
    ],
    [
      'a PDF',
      {
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: {
                  type: 'base64',
                  media_type: 'application/pdf',
                  data: btoa('%PDF-1.4 /Type /Pages /Type /Page /Type /Page'),
                },
              },
            ],
          },
        ],
      },
    ],
    [
      'thinking and server tool blocks',
      {
        messages: [
          { role: 'user', content: 'Hello there' },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: 'Let me search for that.', signature: 'sig' },
              { type: 'server_tool_use', id: 's', name: 'web_search', input: { query: 'tokens' } },
              {
                type: 'web_search_tool_result',
                tool_use_id: 's',
                content: [
                  {
                    type: 'web_search_result',
                    title: 'T',
                    url: 'https://t',
                    encrypted_content: 'x'.repeat(5000),
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  ])('counts %s', (_name, overrides) => {
    expect(countAnthropicRequestTokens({ ...base, ...overrides })).toBeGreaterThan(
      countAnthropicRequestTokens(base),
    );
  });

  it('adds the tool-use system prompt once and prices images and PDF pages', () => {
    const oneTool = countAnthropicRequestTokens({
      ...base,
      tools: [{ name: 'A', input_schema: { type: 'object' } }],
    });
    const twoTools = countAnthropicRequestTokens({
      ...base,
      tools: [
        { name: 'A', input_schema: { type: 'object' } },
        { name: 'A', input_schema: { type: 'object' } },
      ],
    });
    expect(oneTool - countAnthropicRequestTokens(base)).toBeGreaterThan(346);
    expect(twoTools - oneTool).toBeLessThan(30);
    const pdf = (pages: number) =>
      countAnthropicRequestTokens({
        ...base,
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: {
                  type: 'base64',
                  media_type: 'application/pdf',
                  data: btoa(' /Type /Page'.repeat(pages)),
                },
              },
            ],
          },
        ],
      });
    expect(pdf(3) - pdf(1)).toBe(4000);
  });

  it('ignores encrypted search content', () => {
    const withContent = (encrypted: string) =>
      countAnthropicRequestTokens({
        ...base,
        messages: [
          { role: 'user', content: 'q' },
          {
            role: 'assistant',
            content: [
              {
                type: 'web_search_tool_result',
                tool_use_id: 's',
                content: [
                  { type: 'web_search_result', title: 'T', url: 'https://t', encrypted_content: encrypted },
                ],
              },
            ],
          },
        ],
      });
    expect(withContent('x'.repeat(10_000))).toBe(withContent('y'));
  });
});

import { describe, expect, it } from 'vitest';
import type { AnthropicContentBlockParam, AnthropicDocumentBlockParam } from './anthropic-api';
import {
  compactContent,
  convertDocumentBlock,
  convertImageBlock,
  convertToolResultBlock,
  summarizeCarriedBlock,
  textPart,
} from './convert-content-blocks';
import { createConversionContext, type RequestConversionOptions } from './request-conversion-options';

function context(options: Partial<RequestConversionOptions> = {}) {
  return createConversionContext({ model: 'm', ...options });
}

describe('textPart and compactContent', () => {
  it.each(['', ' ', '\n\t'])('drops empty text %j', (text) => {
    expect(textPart(text, {}, context())).toBeUndefined();
  });

  it('keeps cache_control only when asked, without ttl', () => {
    const block = { cache_control: { type: 'ephemeral' as const, ttl: '1h', scope: 'global' } };
    expect(textPart('x', block, context({ keepCacheControl: true }))).toEqual({
      type: 'text',
      text: 'x',
      cache_control: { type: 'ephemeral' },
    });
    expect(textPart('x', block, context())).toEqual({ type: 'text', text: 'x' });
  });

  it('collapses plain text parts to a string and keeps other parts', () => {
    expect(compactContent([])).toBeUndefined();
    expect(
      compactContent([
        { type: 'text', text: 'a' },
        { type: 'text', text: 'b' },
      ]),
    ).toBe('a\n\nb');
    const mixed = [
      { type: 'text' as const, text: 'a' },
      { type: 'image_url' as const, image_url: { url: 'https://x/a.png' } },
    ];
    expect(compactContent(mixed)).toEqual(mixed);
  });
});

describe('convertImageBlock', () => {
  it.each([
    [
      { type: 'base64', media_type: 'image/png', data: 'iVBORw0' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0' } },
    ],
    [
      { type: 'url', url: 'https://example.com/cat.jpg' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
    ],
  ] as const)('%j', (source, expected) => {
    const state = context();
    expect(convertImageBlock({ type: 'image', source }, state, 'f')).toEqual(expected);
    expect(state.warnings).toEqual([]);
  });

  it('replaces a Files API image by a note with a warning', () => {
    const state = context();
    expect(
      convertImageBlock(
        { type: 'image', source: { type: 'file', file_id: 'file_9' } },
        state,
        'messages.0.content.2',
      ),
    ).toEqual({
      type: 'text',
      text: '[image file_9 from the Anthropic Files API is not available here]',
    });
    expect(state.warnings).toEqual([
      { type: 'unsupported', field: 'messages.0.content.2', message: expect.stringContaining('Files API') },
    ]);
  });
});

describe('convertDocumentBlock', () => {
  it.each<[string, AnthropicDocumentBlockParam, unknown[], number]>([
    [
      'PDF as a file part',
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0' },
        title: 'spec.pdf',
      },
      [{ type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBERi0' } }],
      0,
    ],
    [
      'PDF without title, with context',
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0' },
        context: 'from the user',
      },
      [
        { type: 'text', text: 'Context: from the user' },
        {
          type: 'file',
          file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBERi0' },
        },
      ],
      0,
    ],
    [
      'text document with title',
      {
        type: 'document',
        source: { type: 'text', media_type: 'text/plain', data: 'line one' },
        title: 'notes.txt',
      },
      [{ type: 'text', text: 'Document: notes.txt\n\nline one' }],
      0,
    ],
    ['empty text document', { type: 'document', source: { type: 'text', data: '' } }, [], 0],
    [
      'content document',
      {
        type: 'document',
        source: {
          type: 'content',
          content: [
            { type: 'text', text: 'chunk 1' },
            { type: 'text', text: '' },
          ],
        },
        title: 'T',
      },
      [
        { type: 'text', text: 'Document: T' },
        { type: 'text', text: 'chunk 1' },
      ],
      0,
    ],
    [
      'URL document as a reference',
      { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
      [{ type: 'text', text: '[document at https://example.com/a.pdf]' }],
      1,
    ],
    [
      'Files API document as a note',
      { type: 'document', source: { type: 'file', file_id: 'file_1' } },
      [{ type: 'text', text: '[document from the Anthropic Files API is not available here]' }],
      1,
    ],
  ])('%s', (_name, block, expected, warningCount) => {
    const state = context();
    expect(convertDocumentBlock(block, state, 'f')).toEqual(expected);
    expect(state.warnings).toHaveLength(warningCount);
  });
});

describe('convertToolResultBlock', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['string content', { content: 'file body' }, 'file body'],
    [
      'text blocks joined by a line',
      {
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      'a\nb',
    ],
    ['no content', {}, '(no output)'],
    ['empty string', { content: '' }, '(no output)'],
    ['only empty blocks', { content: [{ type: 'text', text: '' }] }, '(no output)'],
    ['an error', { content: 'command not found', is_error: true }, 'Error: command not found'],
    ['an empty error', { content: [], is_error: true }, 'Error: the tool failed without output'],
    [
      'a search result inside',
      {
        content: [
          {
            type: 'search_result',
            title: 'T',
            source: 'https://s',
            content: [{ type: 'text', text: 'snippet' }],
          },
        ],
      },
      '[search result: T (https://s)]\nsnippet',
    ],
  ])('%s', (_name, fields, expected) => {
    const result = convertToolResultBlock(
      { type: 'tool_result', tool_use_id: 'toolu_1', ...fields },
      context(),
      'f',
    );
    expect(result.content).toBe(expected);
    expect(result.attachments).toEqual([]);
    expect(result.toolUseId).toBe('toolu_1');
  });

  it('moves images and PDFs out, leaving a marker', () => {
    const result = convertToolResultBlock(
      {
        type: 'tool_result',
        tool_use_id: 'toolu_1',
        content: [
          { type: 'text', text: 'Screenshot taken' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAA' } },
          { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'BBB' } },
        ],
      },
      context(),
      'f',
    );
    expect(result.content).toBe(
      'Screenshot taken\n[image 1 of this tool result is attached in the next user message]\n[file 2 of this tool result is attached in the next user message]',
    );
    expect(result.attachments).toEqual([
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } },
      { type: 'file', file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,BBB' } },
    ]);
  });
});

describe('summarizeCarriedBlock', () => {
  it.each<[string, Record<string, unknown>, string | RegExp]>([
    [
      'server_tool_use',
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'vitest' } },
      '[server tool web_search called with {"query":"vitest"}]',
    ],
    [
      'web_search_tool_result',
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [
          { type: 'web_search_result', title: 'Vitest', url: 'https://vitest.dev', encrypted_content: 'zzz' },
          { type: 'web_search_result', title: 'Docs', url: 'https://vitest.dev/guide' },
        ],
      },
      '[web search results]\n1. Vitest — https://vitest.dev\n2. Docs — https://vitest.dev/guide',
    ],
    [
      'web search error',
      {
        type: 'web_search_tool_result',
        tool_use_id: 's',
        content: { type: 'web_search_tool_result_error', error_code: 'max_uses_exceeded' },
      },
      '[web search failed: max_uses_exceeded]',
    ],
    [
      'web_fetch_tool_result',
      {
        type: 'web_fetch_tool_result',
        tool_use_id: 's',
        content: { type: 'web_fetch_result', url: 'https://x', content: { text: 'page' } },
      },
      /^\[web_fetch_tool_result for s: \{"type":"web_fetch_result","url":"https:\/\/x"/,
    ],
    [
      'mcp_tool_use',
      { type: 'mcp_tool_use', id: 'm', name: 'search', server_name: 'docs', input: {} },
      '[server tool search on docs called with {}]',
    ],
    [
      'compaction',
      { type: 'compaction', content: 'Summary of the earlier conversation.' },
      'Summary of the earlier conversation.',
    ],
  ])('%s becomes readable text with a warning', (_name, block, expected) => {
    const state = context();
    const summary = summarizeCarriedBlock(block as AnthropicContentBlockParam, state, 'messages.1.content.0');
    if (typeof expected === 'string') expect(summary).toBe(expected);
    else expect(summary).toMatch(expected);
    expect(state.warnings[0]).toMatchObject({ type: 'converted', field: 'messages.1.content.0' });
  });

  it('drops blocks with no meaning upstream', () => {
    const state = context();
    expect(
      summarizeCarriedBlock(
        { type: 'container_upload', file_id: 'f' } as AnthropicContentBlockParam,
        state,
        'x',
      ),
    ).toBeUndefined();
    expect(state.warnings[0]?.type).toBe('dropped');
  });

  it('truncates very long summaries', () => {
    const state = context();
    const summary = summarizeCarriedBlock(
      {
        type: 'code_execution_tool_result',
        tool_use_id: 'c',
        content: { stdout: 'x'.repeat(10_000) },
      } as AnthropicContentBlockParam,
      state,
      'f',
    );
    expect(summary?.length).toBe(4000);
    expect(state.warnings.map((warning) => warning.type)).toEqual(['converted', 'truncated']);
  });
});

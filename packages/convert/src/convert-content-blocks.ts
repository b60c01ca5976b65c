import type {
  AnthropicDocumentBlockParam,
  AnthropicImageBlockParam,
  AnthropicToolResultBlockParam,
} from './anthropic-api';
import { isAnthropicDocumentBlock, isAnthropicImageBlock } from './anthropic-request-schema';
import { addWarning } from './conversion-warning';
import { isRecord } from './is-record';
import type { OpenAIContentPart, OpenAITextPart } from './openai-api';
import type { ConversionContext } from './request-conversion-options';

/** Longest summary of a server tool block (web search results, code execution output...). */
const maximumSummaryLength = 4000;

/** Any block: only whether it carries a cache breakpoint matters. */
type BlockWithCache = { cache_control?: unknown };

/** Whether text is worth a part: empty and whitespace-only text is rejected by several upstreams. */
export function hasVisibleText(text: string | undefined | null): text is string {
  return typeof text === 'string' && text.trim().length > 0;
}

/**
 * The cache breakpoint to keep on a part: only `{type:"ephemeral"}` and only when asked,
 * because `ttl` and `scope` are rejected by non-Anthropic backends.
 */
function keptCacheControl(
  block: BlockWithCache,
  context: ConversionContext,
): OpenAITextPart['cache_control'] | undefined {
  if (!block.cache_control) return undefined;
  if (!context.options.keepCacheControl) {
    context.counts.cacheControlDropped += 1;
    return undefined;
  }
  return { type: 'ephemeral' };
}

/** A text part, or nothing for empty text. */
export function textPart(
  text: string,
  block: BlockWithCache,
  context: ConversionContext,
): OpenAITextPart | undefined {
  if (!hasVisibleText(text)) return undefined;
  const cacheControl = keptCacheControl(block, context);
  return cacheControl ? { type: 'text', text, cache_control: cacheControl } : { type: 'text', text };
}

/**
 * Parts as the most compatible content: a plain string when all parts are text without cache
 * breakpoints (joined by a blank line), the parts otherwise, nothing when there are none.
 */
export function compactContent<TPart extends OpenAIContentPart>(
  parts: TPart[],
): string | TPart[] | undefined {
  if (parts.length === 0) return undefined;
  const texts: string[] = [];
  for (const part of parts) {
    if (part.type !== 'text' || part.cache_control) return parts;
    texts.push(part.text);
  }
  return texts.join('\n\n');
}

/** image → `image_url` with a data URL or the URL; file ids have no OpenAI equivalent. */
export function convertImageBlock(
  block: AnthropicImageBlockParam,
  context: ConversionContext,
  field: string,
): OpenAIContentPart {
  const source = block.source;
  if (source.type === 'base64') {
    return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
  }
  if (source.type === 'url') return { type: 'image_url', image_url: { url: source.url } };
  addWarning(context.warnings, {
    type: 'unsupported',
    field,
    message:
      'image from the Anthropic Files API (source.type "file") cannot be sent upstream; replaced by a note',
  });
  return {
    type: 'text',
    text: `[image ${source.file_id} from the Anthropic Files API is not available here]`,
  };
}

/** document → `file` part (PDF), text part (plain text, content) or a note (URL, file id). */
export function convertDocumentBlock(
  block: AnthropicDocumentBlockParam,
  context: ConversionContext,
  field: string,
): OpenAIContentPart[] {
  const source = block.source;
  const heading = [
    hasVisibleText(block.title) ? `Document: ${block.title}` : undefined,
    hasVisibleText(block.context) ? `Context: ${block.context}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  const withHeading = (text: string) => (heading ? `${heading}\n\n${text}` : text);
  switch (source.type) {
    case 'base64': {
      const extension =
        source.media_type === 'application/pdf' ? 'pdf' : (source.media_type.split('/')[1] ?? 'bin');
      const filename = hasVisibleText(block.title) ? block.title : `document.${extension}`;
      const parts: OpenAIContentPart[] = [];
      if (hasVisibleText(block.context)) parts.push({ type: 'text', text: `Context: ${block.context}` });
      parts.push({
        type: 'file',
        file: { filename, file_data: `data:${source.media_type};base64,${source.data}` },
      });
      return parts;
    }
    case 'text': {
      const part = textPart(withHeading(source.data), block, context);
      return part ? [part] : [];
    }
    case 'content': {
      const inner =
        typeof source.content === 'string'
          ? [textPart(source.content, block, context)].filter(
              (part): part is OpenAITextPart => part !== undefined,
            )
          : convertPlainBlocks(source.content, context, `${field}.source.content`);
      if (heading && inner.length > 0) inner.unshift({ type: 'text', text: heading });
      return inner;
    }
    case 'url':
      addWarning(context.warnings, {
        type: 'converted',
        field,
        message: 'document by URL has no OpenAI equivalent; sent as a text reference to the URL',
      });
      return [{ type: 'text', text: withHeading(`[document at ${source.url}]`) }];
    default: {
      addWarning(context.warnings, {
        type: 'unsupported',
        field,
        message: `document source "${source.type}" cannot be sent upstream; replaced by a note`,
      });
      return [
        { type: 'text', text: withHeading('[document from the Anthropic Files API is not available here]') },
      ];
    }
  }
}

/** Text, images and documents inside a document or search result. */
function convertPlainBlocks(
  blocks: readonly unknown[],
  context: ConversionContext,
  field: string,
): OpenAIContentPart[] {
  const parts: OpenAIContentPart[] = [];
  blocks.forEach((block, index) => {
    if (!isRecord(block)) return;
    const path = `${field}.${index}`;
    if (block.type === 'text' && typeof block.text === 'string') {
      const part = textPart(block.text, block, context);
      if (part) parts.push(part);
    } else if (isAnthropicImageBlock(block)) {
      parts.push(convertImageBlock(block, context, path));
    } else if (isAnthropicDocumentBlock(block)) {
      parts.push(...convertDocumentBlock(block, context, path));
    } else {
      const summary = summarizeCarriedBlock(block, context, path);
      if (summary) parts.push({ type: 'text', text: summary });
    }
  });
  return parts;
}

export type ConvertedToolResult = {
  toolUseId: string;
  /** Never empty. */
  content: string;
  /** Images and files from the result, to send in the user message after the tool messages (most upstreams take no images in a tool message). */
  attachments: OpenAIContentPart[];
  field: string;
};

/**
 * tool_result → the text of a `tool` message. Images and PDFs cannot go in a tool message on most
 * upstreams, so they move to the following user message and the text says so.
 */
export function convertToolResultBlock(
  block: AnthropicToolResultBlockParam,
  context: ConversionContext,
  field: string,
): ConvertedToolResult {
  const texts: string[] = [];
  const attachments: OpenAIContentPart[] = [];
  const content = block.content;
  if (typeof content === 'string') {
    if (hasVisibleText(content)) texts.push(content);
  } else if (Array.isArray(content)) {
    for (const part of convertPlainBlocks(content, context, `${field}.content`)) {
      if (part.type === 'text') {
        texts.push(part.text);
      } else {
        attachments.push(part);
        const what = part.type === 'image_url' ? 'image' : 'file';
        texts.push(
          `[${what} ${attachments.length} of this tool result is attached in the next user message]`,
        );
      }
    }
  }
  // Tool messages carry plain text, so a breakpoint on the result itself has nowhere to go.
  if (block.cache_control) context.counts.cacheControlDropped += 1;
  let text = texts.join('\n');
  if (!hasVisibleText(text)) text = block.is_error ? 'the tool failed without output' : '(no output)';
  if (block.is_error) text = `Error: ${text}`;
  return { toolUseId: block.tool_use_id, content: text, attachments, field };
}

/**
 * Server tool calls and results (web search, web fetch, code execution, MCP...), search results
 * and compaction summaries as readable text, never as unknown parts. Returns nothing for blocks
 * that carry no information for another model.
 */
export function summarizeCarriedBlock(
  record: Readonly<Record<string, unknown>>,
  context: ConversionContext,
  field: string,
): string | undefined {
  const type = String(record.type);
  let summary: string | undefined;
  if (type === 'server_tool_use' || type === 'mcp_tool_use') {
    const server = typeof record.server_name === 'string' ? ` on ${record.server_name}` : '';
    summary = `[server tool ${String(record.name)}${server} called with ${JSON.stringify(record.input ?? {})}]`;
  } else if (type === 'web_search_tool_result') {
    summary = summarizeWebSearch(record.content);
  } else if (type === 'search_result') {
    const texts = Array.isArray(record.content)
      ? record.content.flatMap((item) => (isRecord(item) && typeof item.text === 'string' ? [item.text] : []))
      : [];
    summary =
      `[search result: ${String(record.title)} (${String(record.source)})]\n${texts.join('\n')}`.trim();
  } else if (type === 'compaction') {
    // The summary of the earlier conversation: the model needs it as plain text.
    summary =
      typeof record.content === 'string' && hasVisibleText(record.content) ? record.content : undefined;
  } else if (type.endsWith('_tool_result') || type === 'mcp_tool_result') {
    summary = `[${type} for ${String(record.tool_use_id)}: ${textOf(record.content)}]`;
  } else {
    addWarning(context.warnings, {
      type: 'dropped',
      field,
      message: `"${type}" block has no meaning for an OpenAI-compatible upstream; dropped`,
    });
    return undefined;
  }
  if (summary === undefined) return undefined;
  addWarning(context.warnings, {
    type: 'converted',
    field,
    message: `"${type}" block sent as a text summary: the upstream cannot run Anthropic server tools`,
  });
  if (summary.length > maximumSummaryLength) {
    addWarning(context.warnings, {
      type: 'truncated',
      field,
      message: `summary of the "${type}" block cut to ${maximumSummaryLength} characters`,
    });
    return `${summary.slice(0, maximumSummaryLength - 1)}…`;
  }
  return summary;
}

function summarizeWebSearch(content: unknown): string {
  if (!Array.isArray(content)) {
    const code = isRecord(content) ? String(content.error_code ?? 'unknown error') : 'no results';
    return `[web search failed: ${code}]`;
  }
  const lines = content.flatMap((result, index) =>
    isRecord(result)
      ? [`${index + 1}. ${String(result.title ?? '(untitled)')} — ${String(result.url ?? '')}`]
      : [],
  );
  return lines.length > 0 ? `[web search results]\n${lines.join('\n')}` : '[web search: no results]';
}

/** Text inside nested result content; JSON for anything else. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(textOf).join('\n');
  if (isRecord(content)) {
    if (typeof content.text === 'string') return content.text;
    const { encrypted_content: _encrypted, ...rest } = content;
    return JSON.stringify(rest);
  }
  return JSON.stringify(content ?? null);
}

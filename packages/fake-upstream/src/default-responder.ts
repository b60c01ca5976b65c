import { contentText, isRecord, type RecordedRequest, requestMessages } from './recorded-request';
import { type Responder, reply, type Scenario, type StreamOptions } from './scenario';

export interface DefaultResponderOptions {
  /** Pause between stream chunks. Default 0. */
  delayMs?: number;
  /** Characters per streamed fragment. Default 8. */
  fragmentSize?: number;
}

const greeting = 'Hello from the fake upstream.';

function withoutSystemReminders(text: string): string {
  // Claude Code wraps context it adds in <system-reminder> blocks; the user's own words are outside them.
  return text.replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim();
}

/** The latest user words since the last assistant turn (a reminder-only user message is skipped). */
function lastUserText(messages: Record<string, unknown>[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role === 'assistant') return '';
    if (message?.role !== 'user') continue;
    const text = withoutSystemReminders(contentText(message.content));
    if (text.length > 0) return text;
  }
  return '';
}

/** Tool results that answer the latest assistant turn (the `tool` messages after it). */
function pendingToolResults(messages: Record<string, unknown>[]): string[] | undefined {
  const results: string[] = [];
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message?.role === 'assistant') break;
    if (message?.role === 'tool') results.unshift(contentText(message.content).trim());
  }
  return results.length > 0 ? results : undefined;
}

function hasTool(request: RecordedRequest, name: string): boolean {
  const body = request.body;
  if (!isRecord(body) || !Array.isArray(body.tools)) return false;
  return body.tools.some((tool) => isRecord(tool) && isRecord(tool.function) && tool.function.name === name);
}

function sampleFromSchema(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > 8) return greeting;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0)
    return sampleFromSchema(alternatives[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = isRecord(schema.properties) ? schema.properties : {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, sampleFromSchema(value, depth + 1)]),
      );
    }
    case 'array': {
      const minimum = typeof schema.minItems === 'number' ? schema.minItems : 0;
      return Array.from({ length: minimum }, () => sampleFromSchema(schema.items, depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return greeting;
  }
}

/** The JSON text for a `response_format` request, or undefined when the request wants free text. */
function jsonAnswer(request: RecordedRequest): string | undefined {
  const body = request.body;
  if (!isRecord(body) || !isRecord(body.response_format)) return undefined;
  const format = body.response_format;
  if (format.type === 'json_schema') {
    const schema = isRecord(format.json_schema) ? format.json_schema.schema : undefined;
    return JSON.stringify(sampleFromSchema(schema));
  }
  if (format.type === 'json_object') return JSON.stringify({ message: greeting });
  return undefined;
}

function describeCommand(command: string): string {
  const echoed = /^echo\s+(.+)$/.exec(command);
  if (echoed?.[1]) return `Print ${echoed[1].replace(/^["']|["']$/g, '')}`;
  return `Run ${command}`.slice(0, 80);
}

/**
 * Picks an answer from the request alone, so the real Claude Code CLI can finish a tool-using task:
 * a JSON text when `response_format` asks for JSON; `The command printed: …` after tool results;
 * a `Bash` call for a command in backticks when the request offers `Bash`; a greeting otherwise.
 * Streams when the request asked for a stream.
 *
 * @example
 * const upstream = await startFakeUpstream({ defaultResponder: createDefaultResponder({ delayMs: 5 }) });
 */
export function createDefaultResponder(options: DefaultResponderOptions = {}): Responder {
  const pacing: StreamOptions = {};
  if (options.delayMs !== undefined) pacing.delayMs = options.delayMs;
  if (options.fragmentSize !== undefined) pacing.fragmentSize = options.fragmentSize;
  return (request: RecordedRequest): Scenario => {
    const messages = requestMessages(request);
    const json = jsonAnswer(request);
    if (json !== undefined) return reply({ ...pacing, text: json });

    const toolResults = pendingToolResults(messages);
    if (toolResults) {
      const output = toolResults.join('\n').slice(0, 2000);
      return reply({
        ...pacing,
        text: `The command printed: ${output}\n\nThat is the whole output of the command.`,
      });
    }

    const userText = lastUserText(messages);
    const command = /`([^`\n]+)`/.exec(userText)?.[1]?.trim();
    if (command && hasTool(request, 'Bash')) {
      return reply({
        ...pacing,
        toolCalls: [{ name: 'Bash', arguments: { command, description: describeCommand(command) } }],
      });
    }

    const excerpt = userText.replace(/\s+/g, ' ').slice(0, 80);
    return reply({ ...pacing, text: excerpt ? `${greeting} You said: ${excerpt}` : greeting });
  };
}

import { describe, expect, it } from 'vitest';
import { parseTextToolCalls, TextToolCallReader, TextToolCallVerdict } from './text-tool-calls';

const recovery = { toolNames: ['Bash', 'Read', 'Write'] };
const bash = { name: 'Bash', input: { command: 'ls' } };

describe('parseTextToolCalls', () => {
  it.each([
    ['bare JSON', '{"name":"Bash","arguments":{"command":"ls"}}'],
    ['surrounding whitespace', '\n\n  {"name": "Bash", "arguments": {"command": "ls"}}  \n'],
    ['llama "parameters"', '{"name": "Bash", "parameters": {"command": "ls"}}'],
    ['arguments as a JSON string', '{"name":"Bash","arguments":"{\\"command\\":\\"ls\\"}"}'],
    [
      'OpenAI function wrapper',
      '{"type":"function","function":{"name":"Bash","arguments":{"command":"ls"}}}',
    ],
    ['```json fence', '```json\n{"name":"Bash","arguments":{"command":"ls"}}\n```'],
    ['bare ``` fence', '```\n{"name":"Bash","arguments":{"command":"ls"}}\n```\n'],
    ['Hermes/Qwen tags', '<tool_call>\n{"name": "Bash", "arguments": {"command": "ls"}}\n</tool_call>'],
    ['a tag left open at the end', '<tool_call>\n{"name": "Bash", "arguments": {"command": "ls"}}\n'],
    ['Mistral prefix', '[TOOL_CALLS][{"name": "Bash", "arguments": {"command": "ls"}}]'],
    ['a JSON array', '[{"name": "Bash", "arguments": {"command": "ls"}}]'],
  ])('reads %s', (_form, text) => {
    expect(parseTextToolCalls(text, recovery)).toEqual([bash]);
  });

  it('reads several calls in a row, in order', () => {
    const text =
      '<tool_call>{"name":"Read","arguments":{"file_path":"/a"}}</tool_call>\n<tool_call>{"name":"Bash","arguments":{"command":"ls"}}</tool_call>';
    expect(parseTextToolCalls(text, recovery)).toEqual([{ name: 'Read', input: { file_path: '/a' } }, bash]);
  });

  it('gives {} for a call without arguments', () => {
    expect(parseTextToolCalls('{"name":"Bash"}', recovery)).toEqual([{ name: 'Bash', input: {} }]);
  });

  it.each([
    ['prose', 'Sure, here is the list.'],
    ['a tool name that was not declared', '{"name":"Delete","arguments":{}}'],
    ['data that has a name', '{"name":"Bash","age":30}'],
    ['a JSON answer in a fence', '```json\n{"name": "Alice", "age": 30}\n```'],
    ['a call followed by prose', '{"name":"Bash","arguments":{"command":"ls"}}\nThen I will read the files.'],
    ['prose before a call', 'Let me run it: {"name":"Bash","arguments":{"command":"ls"}}'],
    ['arguments that are not an object', '{"name":"Bash","arguments":"ls -la"}'],
    ['unfinished JSON', '{"name":"Bash","arguments":{"command":"ls"'],
    ['an empty array', '[]'],
    ['a fence with a sentence on its first line', '``` this is code\n{"name":"Bash"}\n```'],
    ['an HTML answer', '<div>{"name":"Bash"}</div>'],
    ['empty text', ''],
  ])('leaves %s alone', (_case, text) => {
    expect(parseTextToolCalls(text, recovery)).toBeUndefined();
  });
});

describe('TextToolCallReader reading a growing text', () => {
  it('says NotToolCalls as soon as the text cannot be calls', () => {
    const reader = new TextToolCallReader(recovery);
    expect(reader.read('{')).toBe(TextToolCallVerdict.Possible);
    expect(reader.read('{"name":"Alice",')).toBe(TextToolCallVerdict.Possible);
    expect(reader.read('{"name":"Alice","age":3}')).toBe(TextToolCallVerdict.NotToolCalls);
  });

  it('rejects an object that does not start with a key at once', () => {
    const reader = new TextToolCallReader(recovery);
    expect(reader.read('{ x')).toBe(TextToolCallVerdict.NotToolCalls);
  });

  it('waits on a tag or fence cut between chunks', () => {
    const reader = new TextToolCallReader(recovery);
    expect(reader.read('<tool_')).toBe(TextToolCallVerdict.Possible);
    expect(reader.read('<tool_call>{"name":"Bash","arguments":{}}</tool')).toBe(TextToolCallVerdict.Possible);
    expect(reader.read('<tool_call>{"name":"Bash","arguments":{}}</tool_call>')).toBe(
      TextToolCallVerdict.Possible,
    );
    expect(reader.finish()).toEqual([{ name: 'Bash', input: {} }]);
  });

  it('rejects prose right after a complete call', () => {
    const reader = new TextToolCallReader(recovery);
    expect(reader.read('{"name":"Bash","arguments":{}} and')).toBe(TextToolCallVerdict.NotToolCalls);
    expect(reader.finish()).toBeUndefined();
  });
});

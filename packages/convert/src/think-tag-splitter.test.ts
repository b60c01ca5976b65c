import { describe, expect, test } from 'vitest';
import { ThinkTagSplitter } from './think-tag-splitter';

function split(chunks: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (kind: string, text: string) => {
    const last = out.at(-1);
    if (last && last[0] === kind) last[1] += text;
    else out.push([kind, text]);
  };
  const splitter = new ThinkTagSplitter({
    thinking: (text) => add('thinking', text),
    text: (text) => add('text', text),
  });
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return out;
}

describe('ThinkTagSplitter', () => {
  test('splits thinking from text whatever the chunking', () => {
    const whole = '<think>\nplan the answer\n</think>\n\nThe answer is 4.';
    const expected = [
      ['thinking', 'plan the answer\n'],
      ['text', 'The answer is 4.'],
    ];
    expect(split([whole])).toEqual(expected);
    expect(split([...whole])).toEqual(expected);
    for (let cut = 1; cut < whole.length; cut++)
      expect(split([whole.slice(0, cut), whole.slice(cut)])).toEqual(expected);
  });

  test('content that does not start with <think> passes through', () => {
    expect(split(['Hello <think>not a tag</think>'])).toEqual([['text', 'Hello <think>not a tag</think>']]);
    expect(split(['<thin', 'g>'])).toEqual([['text', '<thing>']]);
  });

  test('an empty <think></think> pair (thinking switched off) gives no thinking', () => {
    expect(split(['<think>\n\n</think>\n\n', 'Hi'])).toEqual([['text', 'Hi']]);
  });

  test('an unclosed <think> keeps its text as thinking', () => {
    expect(split(['<think>still going </th'])).toEqual([['thinking', 'still going </th']]);
  });

  test('leading whitespace before <think> is allowed', () => {
    expect(split(['\n', '<think>x</think>y'])).toEqual([
      ['thinking', 'x'],
      ['text', 'y'],
    ]);
  });
});

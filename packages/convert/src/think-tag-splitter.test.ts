import { describe, expect, it, test } from 'vitest';
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

describe('ThinkTagSplitter with implicitOpen', () => {
  function split(chunks: string[]) {
    const out: Array<[string, string]> = [];
    const splitter = new ThinkTagSplitter(
      { thinking: (text) => out.push(['thinking', text]), text: (text) => out.push(['text', text]) },
      { implicitOpen: true },
    );
    for (const chunk of chunks) splitter.push(chunk);
    splitter.end();
    const joined = (kind: string) =>
      out
        .filter(([entry]) => entry === kind)
        .map(([, text]) => text)
        .join('');
    return { thinking: joined('thinking'), text: joined('text') };
  }

  it('takes everything before a lone </think> as thinking, even with the tag cut between chunks', () => {
    expect(split(['  Plan a < b', ' then answer.</th', 'ink>\n\nDone.'])).toEqual({
      thinking: 'Plan a < b then answer.',
      text: 'Done.',
    });
  });

  it('still reads an explicit <think> block', () => {
    expect(split(['<think>plan</think>answer'])).toEqual({ thinking: 'plan', text: 'answer' });
  });

  it('keeps text without </think> as text', () => {
    expect(split(['Just an answer.'])).toEqual({ thinking: '', text: 'Just an answer.' });
  });

  it('keeps text as text when another tag comes before </think>', () => {
    expect(split(['Use <b>bold</b>, then </think> shows.'])).toEqual({
      thinking: '',
      text: 'Use <b>bold</b>, then </think> shows.',
    });
  });

  it('stops waiting after 32 KB', () => {
    const long = 'a'.repeat(33 * 1024);
    expect(split([long, '</think>rest'])).toEqual({ thinking: '', text: `${long}</think>rest` });
  });

  it('is off by default', () => {
    const out: string[] = [];
    const splitter = new ThinkTagSplitter({
      thinking: () => out.push('thinking'),
      text: (text) => out.push(text),
    });
    splitter.push('plan</think>answer');
    expect(out).toEqual(['plan</think>answer']);
  });
});

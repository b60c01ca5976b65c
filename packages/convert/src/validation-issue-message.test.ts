import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { validationIssueMessage, validationIssuesMessage } from './validation-issue-message';

function issuesOf(schema: v.GenericSchema, input: unknown) {
  const result = v.safeParse(schema, input, { abortEarly: false });
  if (result.success) throw new Error('expected issues');
  return result.issues;
}

describe('validationIssueMessage', () => {
  it.each<[string, v.GenericSchema, unknown, string]>([
    ['missing key', v.object({ a: v.string() }), {}, 'a: Field required'],
    ['string', v.object({ a: v.string() }), { a: 1 }, 'a: Input should be a valid string'],
    ['number', v.object({ a: v.number() }), { a: 'x' }, 'a: Input should be a valid number'],
    [
      'integer',
      v.object({ a: v.pipe(v.number(), v.integer()) }),
      { a: 1.5 },
      'a: Input should be a valid integer',
    ],
    [
      'minimum',
      v.object({ a: v.pipe(v.number(), v.minValue(3)) }),
      { a: 1 },
      'a: Input should be greater than or equal to 3',
    ],
    [
      'maximum',
      v.object({ a: v.pipe(v.number(), v.maxValue(3)) }),
      { a: 9 },
      'a: Input should be less than or equal to 3',
    ],
    ['list', v.object({ a: v.array(v.string()) }), { a: {} }, 'a: Input should be a valid list'],
    [
      'nested list item',
      v.object({ a: v.array(v.string()) }),
      { a: ['x', 2] },
      'a.1: Input should be a valid string',
    ],
    [
      'dictionary',
      v.object({ a: v.record(v.string(), v.unknown()) }),
      { a: 'x' },
      'a: Input should be a valid dictionary',
    ],
    ['boolean', v.object({ a: v.boolean() }), { a: 'yes' }, 'a: Input should be a valid boolean'],
    ['one choice', v.object({ a: v.literal('x') }), { a: 'y' }, `a: Input should be 'x', not "y"`],
    [
      'choices',
      v.object({ a: v.picklist(['x', 'y', 'z']) }),
      { a: 'w' },
      `a: Input should be 'x', 'y' or 'z', not "w"`,
    ],
    [
      'custom message',
      v.object({ a: v.pipe(v.string(), v.minLength(2, 'too short')) }),
      { a: 'x' },
      'a: too short',
    ],
    ['top level', v.object({}), 'x', 'request body: Input should be a valid dictionary'],
  ])('%s', (_name, schema, input, expected) => {
    expect(validationIssueMessage(issuesOf(schema, input)[0]!)).toBe(expected);
  });

  it('keeps messages short when the input is huge', () => {
    const message = validationIssueMessage(
      issuesOf(v.object({ a: v.picklist(['x']) }), { a: 'y'.repeat(10_000) })[0]!,
    );
    expect(message.length).toBeLessThanOrEqual(300);
    expect(message.startsWith("a: Input should be 'x', not")).toBe(true);
  });

  it('joins the first issues and counts the rest', () => {
    const issues = issuesOf(v.object({ a: v.string(), b: v.string(), c: v.string(), d: v.string() }), {});
    expect(validationIssuesMessage(issues, 2)).toBe('a: Field required; b: Field required (and 2 more)');
    expect(validationIssuesMessage(issues.slice(0, 1))).toBe('a: Field required');
  });
});

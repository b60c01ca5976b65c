import { describe, expect, it } from 'vitest';
import { moveLeadingOptions } from './command-line';

const valueFlags = new Set(['env-file', 'catalog', 'modes-file']);

describe('moveLeadingOptions', () => {
  it.each([
    [
      ['--env-file', 'x.env', 'models', 'list'],
      ['models', 'list', '--env-file', 'x.env'],
    ],
    [
      ['--env-file=x.env', '--json', 'models', 'list', '--free'],
      ['models', 'list', '--free', '--env-file=x.env', '--json'],
    ],
    [
      ['--catalog', 'c.json', 'modes', 'export', '--', 'a'],
      ['modes', 'export', '--catalog', 'c.json', '--', 'a'],
    ],
  ])('moves the options before the command after it: %j', (input, output) => {
    expect(moveLeadingOptions(input, valueFlags)).toEqual(output);
  });

  it.each([
    [['models', 'list', '--env-file', 'x.env']],
    [['--env-file', 'x.env']],
    [['--env-file', 'x.env', '--help']],
    [['--help', 'models']],
    [[]],
  ])('leaves %j as it is', (input) => {
    expect(moveLeadingOptions(input, valueFlags)).toEqual(input);
  });
});

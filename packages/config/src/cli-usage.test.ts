import { defineCommand } from 'citty';
import { describe, expect, it } from 'vitest';
import { colorAllowed, usagePrinter } from './cli-usage';

const command = defineCommand({
  meta: { name: 'ccp-test', description: 'A command to print help for' },
  args: { port: { type: 'string', description: 'Port to listen on' } },
});

async function help(color: boolean): Promise<string> {
  let written = '';
  await usagePrinter({ color: () => color, write: (text) => (written += text) })(command);
  return written;
}

describe('usagePrinter', () => {
  it('prints citty’s help without colour codes or trailing padding where colour is not allowed', async () => {
    const plain = await help(false);
    expect(plain).toContain('--port');
    expect(plain).toContain('Port to listen on');
    expect(plain).not.toMatch(/\u001b\[/);
    expect(plain).not.toMatch(/[ \t]+$/m);
  });

  it('keeps the text the same apart from the colour codes where colour is allowed', async () => {
    const { stripVTControlCharacters } = await import('node:util');
    const colored = await help(true);
    expect(stripVTControlCharacters(colored).replace(/[ \t]+$/gm, '')).toBe(await help(false));
  });
});

describe('colorAllowed', () => {
  it('allows colour on a terminal only, and never with NO_COLOR or TERM=dumb', () => {
    expect(colorAllowed({ isTerminal: true, env: {} })).toBe(true);
    expect(colorAllowed({ isTerminal: false, env: {} })).toBe(false);
    expect(colorAllowed({ isTerminal: true, env: { NO_COLOR: '0' } })).toBe(false);
    expect(colorAllowed({ isTerminal: true, env: { TERM: 'dumb' } })).toBe(false);
  });
});

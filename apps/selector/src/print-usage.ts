import { stripVTControlCharacters } from 'node:util';
import { type ArgsDef, type CommandDef, renderUsage } from 'citty';
import { shouldUseColor } from './terminal-style';

/**
 * The `--help` text as citty renders it, for `runMain(command, { showUsage: printUsage })`:
 * citty colours it unless NO_COLOR is exactly "1", so a pipe or a file got escape codes. Here
 * it is coloured only when the rest of the selector's output would be, and the padding citty
 * leaves at the end of lines goes.
 */
export async function printUsage<T extends ArgsDef = ArgsDef>(
  command: CommandDef<T>,
  parent?: CommandDef<T>,
): Promise<void> {
  const rendered = await renderUsage(command, parent);
  const color = shouldUseColor({ isTerminal: process.stdout.isTTY === true, env: process.env });
  const usage = (color ? rendered : stripVTControlCharacters(rendered)).replace(/[ \t]+$/gm, '');
  process.stdout.write(`${usage}\n\n`);
}

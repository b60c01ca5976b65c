import { stripVTControlCharacters } from 'node:util';
import { type ArgsDef, type CommandDef, renderUsage } from 'citty';

/**
 * The `--help` text as citty renders it, for `runMain(command, { showUsage: printUsage })`:
 * citty colours it unless NO_COLOR is exactly "1", so a pipe or a file got escape codes. Here
 * the colours stay only on a terminal without NO_COLOR (any value) or TERM=dumb, and the
 * padding citty leaves at the end of lines goes.
 */
export async function printUsage<T extends ArgsDef = ArgsDef>(
  command: CommandDef<T>,
  parent?: CommandDef<T>,
): Promise<void> {
  const rendered = await renderUsage(command, parent);
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const usage = (color ? rendered : stripVTControlCharacters(rendered)).replace(/[ \t]+$/gm, '');
  process.stdout.write(`${usage}\n\n`);
}

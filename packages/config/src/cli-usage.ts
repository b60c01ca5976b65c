import { stripVTControlCharacters } from 'node:util';
import { type ArgsDef, type CommandDef, renderUsage } from 'citty';

/**
 * Whether text written to a stream may carry colour codes: only on a terminal, and not when
 * NO_COLOR is set to anything or TERM is "dumb".
 */
export function colorAllowed(options: { isTerminal: boolean; env: Record<string, string | undefined> }): boolean {
  return options.isTerminal && !options.env.NO_COLOR && options.env.TERM !== 'dumb';
}

/**
 * The `showUsage` of citty's `runMain` for every ccp CLI: the `--help` text as citty renders it,
 * coloured only where `color()` allows (citty itself colours it unless NO_COLOR is exactly "1",
 * so a pipe or a file got escape codes), without the padding citty leaves at the end of lines.
 *
 * @example
 * runMain(command, { showUsage: usagePrinter({ color: () => true, write: (text) => process.stdout.write(text) }) });
 */
export function usagePrinter(options: { color: () => boolean; write: (text: string) => void }) {
  return async <T extends ArgsDef = ArgsDef>(command: CommandDef<T>, parent?: CommandDef<T>): Promise<void> => {
    const rendered = await renderUsage(command, parent);
    const usage = (options.color() ? rendered : stripVTControlCharacters(rendered)).replace(/[ \t]+$/gm, '');
    options.write(`${usage}\n\n`);
  };
}

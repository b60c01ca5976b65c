import type { LogLevel, TerminalLoggerOptions } from './terminal-logger';

const levels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/**
 * Terminal logger options from the environment: `LOG_LEVEL` (debug | info | warn | error,
 * default info), `COMPACT_LOGGER=true` for one line per request, and colour only when `stream`
 * is a TTY, `NO_COLOR` is unset (https://no-color.org) and `TERM` is not `dumb`.
 * Returns a warning for an unknown `LOG_LEVEL` instead of failing.
 *
 * @example
 * const { options, warnings } = terminalLoggerOptionsFromEnvironment(process.env, process.stdout);
 * const logger = createTerminalLogger(options);
 * for (const warning of warnings) logger.warn(warning);
 */
export function terminalLoggerOptionsFromEnvironment(
  environment: Record<string, string | undefined>,
  stream: { isTTY?: boolean; write(text: string): unknown },
): { options: TerminalLoggerOptions; warnings: string[] } {
  const warnings: string[] = [];
  const rawLevel = (environment.LOG_LEVEL ?? 'info').trim().toLowerCase();
  const normalised = rawLevel === 'warning' ? 'warn' : rawLevel;
  let level: LogLevel = 'info';
  if ((levels as readonly string[]).includes(normalised)) level = normalised as LogLevel;
  else
    warnings.push(
      `LOG_LEVEL "${environment.LOG_LEVEL}" is unknown; using info. Use one of: ${levels.join(', ')}.`,
    );
  const noColor = environment.NO_COLOR !== undefined && environment.NO_COLOR !== '';
  const color = stream.isTTY === true && !noColor && environment.TERM !== 'dumb';
  const compact = ['true', '1', 'yes', 'on'].includes(
    (environment.COMPACT_LOGGER ?? '').trim().toLowerCase(),
  );
  return {
    options: { write: (line) => stream.write(`${line}\n`), color, compact, level },
    warnings,
  };
}

import { type LogLevel, LOG_LEVELS } from './setting-definitions';
import { createSettingsReader, type Environment } from './settings-reader';

export { LOG_LEVELS, type LogLevel };

export type LoggingSettings = {
  /** Lines below this level are not written. */
  level: LogLevel;
  /** One line per request instead of start and end lines. */
  compact: boolean;
  /** ANSI colours in log lines. */
  color: boolean;
};

/**
 * Reads `LOG_LEVEL` (debug | info | warn | error, `warning` meaning warn, any case; default
 * info) and `COMPACT_LOGGER` (default false). Colour is on only when the output is a terminal,
 * `NO_COLOR` is unset or empty (the usual switch for colour) and `TERM` is not `dumb`. Throws a
 * {@link SettingsError} naming each bad variable.
 *
 * @example
 * resolveLoggingSettings({ LOG_LEVEL: 'WARNING' }, { isTerminal: true })
 * // { level: 'warn', compact: false, color: true }
 */
export function resolveLoggingSettings(env: Environment, output: { isTerminal: boolean }): LoggingSettings {
  const read = createSettingsReader(env, 'logging');
  const settings: LoggingSettings = {
    level: read.choice<LogLevel>('LOG_LEVEL') ?? 'info',
    compact: read.boolean('COMPACT_LOGGER') ?? false,
    color: output.isTerminal && read.text('NO_COLOR') === undefined && env.TERM !== 'dumb',
  };
  read.throwIfInvalid();
  return settings;
}

export {
  createTerminalLogger,
  type LogLevel,
  type TerminalLogger,
  type TerminalLoggerOptions,
} from './terminal-logger';
export { redactKeyLikeStrings } from './redact-key-like-strings';

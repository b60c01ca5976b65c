import type { FeedEvent, RequestEndEvent, RequestErrorEvent, RequestStartEvent } from '@ccp/feed';
import {
  escapeTags,
  formatClock,
  formatCost,
  formatDuration,
  formatPercent,
  formatTokens,
  formatTokensPerSecond,
  paint,
  renderBar,
  sessionColor,
  sessionLabel,
  shortModelName,
  tagsToAnsi,
  tokensPerSecond,
  type TagColor,
} from '@ccp/dashboard-modules';
import { redactKeyLikeStrings } from './redact-key-like-strings';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const levelColor: Record<LogLevel, TagColor> = { debug: 'gray', info: 'blue', warn: 'yellow', error: 'red' };

export interface TerminalLoggerOptions {
  /** Receives each finished line, without a trailing newline. */
  write: (line: string) => void;
  /** ANSI colours; false for NO_COLOR or when stdout is not a TTY. */
  color: boolean;
  /** One line per request (on completion or error) instead of start and end lines. */
  compact: boolean;
  /** Lines below this level are not written. */
  level: LogLevel;
  /** Width of the context and output bars. Default 10. */
  barWidth?: number;
  /** Configured keys, masked in every line even when they look like nothing in particular. */
  secrets?: readonly string[];
}

export interface TerminalLogger {
  /** Logs a feed event: request start, end and error at info/error, phases at debug. */
  handle(event: FeedEvent): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Starts kept to pair with their end; old ones are forgotten so a lost end cannot leak memory. */
const rememberedStarts = 1000;

/**
 * Human-friendly request logging for the proxy's terminal: a colour per Claude Code session,
 * context-window and output bars, tokens/s, latency, thinking tokens and estimated cost.
 *
 * @example
 * const logger = createTerminalLogger({ write: (line) => process.stdout.write(`${line}\n`),
 *   color: process.stdout.isTTY && !process.env.NO_COLOR, compact: false, level: 'info' });
 * feed.subscribe((event) => logger.handle(event));
 */
export function createTerminalLogger(options: TerminalLoggerOptions): TerminalLogger {
  const starts = new Map<string, RequestStartEvent>();
  const barWidth = options.barWidth ?? 10;
  const color = options.color;

  const prints = (level: LogLevel) => levelRank[level] >= levelRank[options.level];

  function emit(level: LogLevel, tagged: string): void {
    if (!prints(level)) return;
    options.write(tagsToAnsi(redactKeyLikeStrings(tagged, options.secrets), color));
  }

  const safe = (value: string) => escapeTags(value, color);
  const session = (sessionId: string | null) =>
    paint(`● ${sessionLabel(sessionId)}`, sessionColor(sessionId), color);
  // A request refused before it was routed (origin, key, quota, an invalid body) has no upstream.
  const routed = (start: RequestStartEvent) => start.endpoint !== '';
  const route = (start: RequestStartEvent) =>
    routed(start)
      ? `${safe(shortModelName(start.claudeModel))} → ${paint(safe(start.routedModel), 'cyan', color)} ${paint(`@${safe(start.provider)}`, 'gray', color)}`
      : `${safe(shortModelName(start.claudeModel))} → ${paint('not routed', 'gray', color)}`;
  const bar = (value: number, maximum: number | null) => {
    const ratio = maximum ? value / maximum : 0;
    const tint: TagColor = !maximum ? 'gray' : ratio >= 0.9 ? 'red' : ratio >= 0.7 ? 'yellow' : 'green';
    return paint(renderBar(value, maximum, barWidth), tint, color);
  };
  // An unknown window or price is said in words: a dash reads as zero or as a missing value.
  // The start shows the proxy's own estimate of the prompt, the end what the upstream counted:
  // the two differ (another tokenizer, a prompt the provider cut), so the estimate says so.
  const contextPart = (tokens: number, window: number | null, estimated = false) => {
    const label = estimated ? 'est. ctx' : 'ctx';
    return window
      ? `${label} ${bar(tokens, window)} ${formatTokens(tokens)}/${formatTokens(window)} ${formatPercent(tokens / window)}`
      : `${label} ${bar(tokens, null)} ${formatTokens(tokens)}/window unknown`;
  };
  const costPart = (end: RequestEndEvent) =>
    end.costUsd === null && end.inputTokens + end.outputTokens > 0 ? 'price unknown' : formatCost(end.costUsd);

  function onStart(start: RequestStartEvent): void {
    starts.set(start.requestId, start);
    if (starts.size > rememberedStarts) {
      const oldest = starts.keys().next().value;
      if (oldest !== undefined) starts.delete(oldest);
    }
    // A refused request's error follows at once and says all there is to say.
    if (options.compact || !prints('info') || !routed(start)) return;
    const reasoning = start.reasoning.effort
      ? ` effort ${safe(start.reasoning.effort)}`
      : start.reasoning.budgetTokens
        ? ` think≤${formatTokens(start.reasoning.budgetTokens)}`
        : '';
    emit(
      'info',
      [
        paint('→', 'cyan', color),
        formatClock(start.startedAt),
        session(start.sessionId),
        route(start),
        start.streamed ? 'stream' : 'sync',
        `${contextPart(start.estimatedInputTokens, start.contextWindow, true)}${reasoning}`,
        start.route ? paint(`[${safe(start.route)}]`, 'gray', color) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
  }

  function onEnd(end: RequestEndEvent): void {
    const start = starts.get(end.requestId);
    starts.delete(end.requestId);
    const ok = end.status < 400;
    // Lines are built only when they will be printed (LOG_LEVEL=warn or error skips most).
    if (!prints(ok ? 'info' : 'warn')) return;
    const context = end.inputTokens + end.cacheReadTokens + end.cacheWriteTokens;
    const rate = tokensPerSecond(end.outputTokens, end.durationMs - (end.timeToFirstTokenMs ?? 0));
    const who = start
      ? `${session(start.sessionId)} ${route(start)}`
      : paint(safe(end.requestId), 'gray', color);
    const parts = [
      ok ? paint('✓', 'green', color) : paint('✗', 'red', color),
      formatClock(end.at),
      who,
      paint(String(end.status), ok ? 'green' : 'red', color),
      formatDuration(end.durationMs),
      end.timeToFirstTokenMs !== null ? `ttft ${formatDuration(end.timeToFirstTokenMs)}` : '',
    ];
    if (options.compact) {
      parts.push(
        `in ${formatTokens(context)}`,
        `out ${formatTokens(end.outputTokens)}`,
        end.thinkingTokens ? `think ${formatTokens(end.thinkingTokens)}` : '',
      );
    } else {
      parts.push(
        `│ ${contextPart(context, start?.contextWindow ?? null)}`,
        `│ out ${bar(end.outputTokens, start?.maxOutputTokens ?? null)} ${formatTokens(end.outputTokens)}`,
        end.thinkingTokens ? `│ think ${formatTokens(end.thinkingTokens)}` : '',
        end.cacheReadTokens ? `│ cache ${formatTokens(end.cacheReadTokens)}` : '',
        '│',
      );
    }
    parts.push(
      formatTokensPerSecond(rate),
      paint(costPart(end), 'yellow', color),
      end.stopReason ? paint(safe(end.stopReason), 'gray', color) : '',
    );
    emit(ok ? 'info' : 'warn', parts.filter(Boolean).join(' '));
  }

  function onError(error: RequestErrorEvent): void {
    const start = starts.get(error.requestId);
    starts.delete(error.requestId);
    if (!prints('error')) return;
    const who = start
      ? `${session(start.sessionId)} ${route(start)}`
      : paint(safe(error.requestId), 'gray', color);
    emit(
      'error',
      [
        paint('✗', 'red', color),
        formatClock(error.at),
        who,
        paint(`${error.status} ${safe(error.errorType)}`, 'red', color),
        `${formatDuration(error.durationMs)}:`,
        safe(error.message),
      ].join(' '),
    );
  }

  function handle(event: FeedEvent): void {
    switch (event.type) {
      case 'request-start':
        onStart(event);
        return;
      case 'request-end':
        onEnd(event);
        return;
      case 'request-error':
        onError(event);
        return;
      case 'request-phase':
        // Built only when it will be printed: phases are the most frequent event.
        if (!options.compact && levelRank.debug >= levelRank[options.level]) {
          emit(
            'debug',
            `${paint('·', 'gray', color)} ${safe(event.requestId)} ${event.phase} ${formatClock(event.at)}`,
          );
        }
        return;
      case 'usage-update':
        if (!options.compact && levelRank.debug >= levelRank[options.level]) {
          emit(
            'debug',
            `${paint('·', 'gray', color)} ${safe(event.requestId)} out ${formatTokens(event.outputTokens)} think ${formatTokens(event.thinkingTokens)}`,
          );
        }
        return;
      case 'stats-snapshot':
        return;
    }
  }

  const message = (level: LogLevel) => (text: string) =>
    emit(level, `${paint(level.toUpperCase().padEnd(5), levelColor[level], color)} ${safe(text)}`);

  return {
    handle,
    debug: message('debug'),
    info: message('info'),
    warn: message('warn'),
    error: message('error'),
  };
}

import { formatCost, formatDuration, formatPercent, formatTokens, truncate } from '../format-helpers';
import type { ProxyStatsSummary } from './proxy-stats';
import type {
  PromptInjectionModule,
  PromptInjectionProxyInfo,
  PromptInjectionSize,
} from './prompt-injection-types';

/**
 * One piece of the injected text. The budget is held by dropping the pieces with the largest
 * `priority` first (0 is the most important), so the core numbers survive the tightest budget.
 */
export interface PromptInjectionSegment {
  module: PromptInjectionModule;
  priority: number;
  text: string;
}

export interface SegmentInput {
  summary: ProxyStatsSummary;
  proxy: PromptInjectionProxyInfo;
  uptimeMs: number | undefined;
}

/** Upstream text goes into a system prompt: one line, no control characters, bounded. */
export function _cleanText(value: string, width: number): string {
  return truncate(
    value
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    width,
  );
}

/** `45s`, `12m`, `1h 02m`, `3d 4h`. */
export function formatUptime(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

function _rate(summary: ProxyStatsSummary): string {
  return summary.tokensPerSecond === null ? '— tok/s' : `${summary.tokensPerSecond.toFixed(1)} tok/s`;
}

function _reasoning(proxy: PromptInjectionProxyInfo): string {
  const { effort, maxTokens, exclude } = proxy.reasoning;
  const parts = [
    effort ? `effort ${effort}` : 'effort set by the client',
    maxTokens ? `budget ${formatTokens(maxTokens)} tokens` : null,
    exclude ? 'reasoning hidden' : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

function _routes(proxy: PromptInjectionProxyInfo, arrow: string): string {
  const { big, middle, small } = proxy.models;
  return `opus${arrow}${_cleanText(big, 40)} · sonnet${arrow}${_cleanText(middle, 40)} · haiku${arrow}${_cleanText(small, 40)}`;
}

/** Segments of the large size: one line each, grouped into boxed sections. */
export function largeSegments(module: PromptInjectionModule, input: SegmentInput): PromptInjectionSegment[] {
  const { summary, proxy } = input;
  const segment = (priority: number, text: string): PromptInjectionSegment => ({ module, priority, text });
  switch (module) {
    case 'status': {
      const uptime = input.uptimeMs === undefined ? '' : ` · up ${formatUptime(input.uptimeMs)}`;
      return [
        segment(
          0,
          `✓ proxy up · provider ${_cleanText(proxy.provider, 30)}${uptime} · ${summary.active} active`,
        ),
        segment(2, `routes: ${_routes(proxy, ' → ')}`),
        segment(4, `reasoning: ${_reasoning(proxy)}`),
      ];
    }
    case 'performance':
      if (summary.requests === 0) return [segment(1, 'no requests yet')];
      return [
        segment(
          1,
          `${summary.requests} requests · ${formatPercent(summary.successRate)} ok · avg latency ${formatDuration(summary.averageLatencyMs)}`,
        ),
        segment(2, `speed ${_rate(summary)} · cost ${formatCost(summary.costUsd)}`),
        segment(
          5,
          `tokens ${formatTokens(summary.inputTokens)} in · ${formatTokens(summary.outputTokens)} out`,
        ),
      ];
    case 'errors':
      return [
        segment(
          1,
          summary.failed === 0 ? 'no failed requests' : `${summary.failed} failed of ${summary.requests}`,
        ),
        ...summary.recentErrors
          .slice(0, 3)
          .map((error, index) =>
            segment(
              3 + index * 2,
              `${error.status} ${_cleanText(error.errorType, 30)} · ${_cleanText(error.model, 30)}${error.message ? ` · "${_cleanText(error.message, 48)}"` : ''}`,
            ),
          ),
      ];
    case 'models':
      if (summary.topModels.length === 0) return [segment(2, 'no models used yet')];
      return summary.topModels
        .slice(0, 4)
        .map((usage, index) =>
          segment(
            2 + index * 2,
            `${index + 1}. ${_cleanText(usage.model, 40)} ×${usage.requests} · ${formatCost(usage.costUsd)} · ${formatTokens(usage.outputTokens)} out`,
          ),
        );
  }
}

/** Segments of the medium size: short phrases joined on one or two lines. */
export function mediumSegments(module: PromptInjectionModule, input: SegmentInput): PromptInjectionSegment[] {
  const { summary, proxy } = input;
  const segment = (priority: number, text: string): PromptInjectionSegment => ({ module, priority, text });
  switch (module) {
    case 'status': {
      const effort = proxy.reasoning.effort ? `effort ${proxy.reasoning.effort}` : null;
      return [
        segment(0, `✓ up · ${_cleanText(proxy.provider, 30)}`),
        segment(3, _routes(proxy, '→')),
        ...(effort ? [segment(4, effort)] : []),
      ];
    }
    case 'performance':
      if (summary.requests === 0) return [segment(1, 'no requests yet')];
      return [
        segment(1, `${summary.requests} req · ${formatPercent(summary.successRate)} ok`),
        segment(2, `avg ${formatDuration(summary.averageLatencyMs)} · ${_rate(summary)}`),
        segment(3, formatCost(summary.costUsd)),
      ];
    case 'errors': {
      const last = summary.recentErrors[0];
      return [
        segment(1, `${summary.failed} failed`),
        ...(last
          ? [
              segment(
                3,
                `last ${last.status} ${_cleanText(last.errorType, 30)} (${_cleanText(last.model, 30)})`,
              ),
            ]
          : []),
      ];
    }
    case 'models':
      return summary.topModels
        .slice(0, 3)
        .map((usage, index) =>
          segment(
            2 + index * 2,
            `${index === 0 ? 'top ' : ''}${_cleanText(usage.model, 40)}×${usage.requests}`,
          ),
        );
  }
}

/** Segments of the small size: icons and numbers. */
export function smallSegments(module: PromptInjectionModule, input: SegmentInput): PromptInjectionSegment[] {
  const { summary, proxy } = input;
  const segment = (priority: number, text: string): PromptInjectionSegment => ({ module, priority, text });
  switch (module) {
    case 'status':
      return [
        segment(0, `🟢${_cleanText(proxy.provider, 20)}`),
        ...(proxy.reasoning.effort ? [segment(4, `🧠${_cleanText(proxy.reasoning.effort, 10)}`)] : []),
      ];
    case 'performance':
      return [
        segment(1, `📨${summary.requests}`),
        segment(1, `✅${formatPercent(summary.successRate)}`),
        segment(2, `⚡${summary.tokensPerSecond === null ? '—' : Math.round(summary.tokensPerSecond)}t/s`),
        segment(3, `⏱${formatDuration(summary.averageLatencyMs)}`),
        segment(4, `💲${formatCost(summary.costUsd).replace('$', '')}`),
      ];
    case 'errors': {
      const last = summary.recentErrors[0];
      return [segment(1, `⚠${summary.failed}`), ...(last ? [segment(4, `${last.status}`)] : [])];
    }
    case 'models': {
      const top = summary.topModels[0];
      return top ? [segment(2, `🔝${_cleanText(top.model, 30)}`)] : [];
    }
  }
}

/** The segment builder of a size. */
export const segmentBuilders: Record<
  PromptInjectionSize,
  (module: PromptInjectionModule, input: SegmentInput) => PromptInjectionSegment[]
> = {
  large: largeSegments,
  medium: mediumSegments,
  small: smallSegments,
};

import {
  type PromptInjectionSegment,
  type SegmentInput,
  mediumSegments,
  segmentBuilders,
} from './prompt-injection-segments';
import {
  type PromptInjectionModule,
  type PromptInjectionRenderOptions,
  type PromptInjectionSize,
  promptInjectionBudgets,
  promptInjectionHeaderBudget,
  promptInjectionModules,
} from './prompt-injection-types';
import { type PromptInjectionState, summarizeProxyStats } from './proxy-stats';

const sectionTitles: Record<PromptInjectionModule, string> = {
  status: 'Status',
  performance: 'Performance',
  errors: 'Errors',
  models: 'Top models',
};

/** Large: a left-ruled box, one section per module. Right borders would cost a token per line for nothing. */
function _layoutLarge(segments: PromptInjectionSegment[]): string {
  const lines = ['┌─ ccp proxy · live stats (from the proxy, not the user)'];
  let section: PromptInjectionModule | null = null;
  for (const segment of segments) {
    if (segment.module !== section) {
      section = segment.module;
      lines.push(`├─ ${sectionTitles[section]}`);
    }
    lines.push(`│ ${segment.text}`);
  }
  lines.push('└─');
  return lines.join('\n');
}

/** Medium: status and performance on the first line, errors and models on the second. */
function _layoutMedium(segments: PromptInjectionSegment[]): string {
  const first = segments.filter((segment) => segment.module === 'status' || segment.module === 'performance');
  const second = segments.filter((segment) => segment.module === 'errors' || segment.module === 'models');
  const join = (part: PromptInjectionSegment[]) => part.map((segment) => segment.text).join(' · ');
  const lines = [first, second].filter((part) => part.length > 0).map(join);
  return `[ccp proxy] ${lines.join('\n[ccp proxy] ')}`;
}

/** Small: one line of icons. */
function _layoutSmall(segments: PromptInjectionSegment[]): string {
  return `ccp ${segments.map((segment) => segment.text).join(' ')}`;
}

const layouts: Record<PromptInjectionSize, (segments: PromptInjectionSegment[]) => string> = {
  large: _layoutLarge,
  medium: _layoutMedium,
  small: _layoutSmall,
};

/** The selected modules, without duplicates, in the fixed section order. */
function _orderedModules(modules: readonly PromptInjectionModule[]): PromptInjectionModule[] {
  return promptInjectionModules.filter((module) => modules.includes(module));
}

/** Cuts `text` to the longest prefix (ending in `…`) whose estimate fits `maximum`. */
export function truncateToTokens(
  text: string,
  maximum: number,
  estimateTokens: (text: string) => number,
): string {
  if (estimateTokens(text) <= maximum) return text;
  const characters = [...text];
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (estimateTokens(`${characters.slice(0, middle).join('')}…`) <= maximum) low = middle;
    else high = middle - 1;
  }
  return low === 0 ? '' : `${characters.slice(0, low).join('')}…`;
}

/**
 * Lays the segments out and drops the least important ones (largest priority, later ones first
 * on ties) until the text fits `maximum` tokens; cuts the text as a last resort.
 */
export function holdTokenBudget(
  segments: readonly PromptInjectionSegment[],
  layout: (segments: PromptInjectionSegment[]) => string,
  maximum: number,
  estimateTokens: (text: string) => number,
): string {
  const kept = [...segments];
  let text = layout(kept);
  while (estimateTokens(text) > maximum && kept.length > 1) {
    let dropIndex = 0;
    kept.forEach((segment, index) => {
      const candidate = kept[dropIndex];
      if (candidate && segment.priority >= candidate.priority) dropIndex = index;
    });
    kept.splice(dropIndex, 1);
    text = layout(kept);
  }
  return truncateToTokens(text, maximum, estimateTokens);
}

function _segmentInput(
  state: PromptInjectionState,
  options: Pick<PromptInjectionRenderOptions, 'proxy' | 'uptimeMs'>,
): SegmentInput {
  return { summary: summarizeProxyStats(state), proxy: options.proxy, uptimeMs: options.uptimeMs };
}

/**
 * The text injected into Claude's system prompt: live proxy stats at one of three sizes
 * (large ≈ 200–300 tokens in a box, medium ≈ 50–100 tokens on one or two lines, small ≈ 20–40
 * tokens of icons), never over the size's maximum as counted by `estimateTokens`.
 *
 * @example
 * renderPromptInjection(state, {
 *   modules: ['status', 'performance'],
 *   size: 'small',
 *   proxy: { provider: 'openrouter', models: { big, middle, small }, reasoning: { effort: 'high', maxTokens: null, exclude: false } },
 *   estimateTokens: estimateTextTokens,
 * }); // 'ccp 🟢openrouter 📨12 ✅91.7% ⚡38t/s ⏱3.2s 💲0.0412'
 */
export function renderPromptInjection(
  state: PromptInjectionState,
  options: PromptInjectionRenderOptions,
): string {
  const input = _segmentInput(state, options);
  const build = segmentBuilders[options.size];
  const segments = _orderedModules(options.modules).flatMap((module) => build(module, input));
  if (segments.length === 0) return '';
  const { max } = promptInjectionBudgets[options.size];
  return holdTokenBudget(segments, layouts[options.size], max, options.estimateTokens);
}

/**
 * The header mode's compact line: the most important medium phrases of the selected modules on
 * one line, held to the small budget.
 *
 * @example renderPromptInjectionHeader(state, options) // '[ccp proxy] ✓ up · openrouter · 12 req · 91.7% ok'
 */
export function renderPromptInjectionHeader(
  state: PromptInjectionState,
  options: Omit<PromptInjectionRenderOptions, 'size'>,
): string {
  const input = _segmentInput(state, options);
  const segments = _orderedModules(options.modules.length > 0 ? options.modules : ['status'])
    .flatMap((module) => mediumSegments(module, input))
    .filter((segment) => segment.priority <= 2);
  const layout = (kept: PromptInjectionSegment[]) =>
    `[ccp proxy] ${kept.map((segment) => segment.text).join(' · ')}`;
  return holdTokenBudget(segments, layout, promptInjectionHeaderBudget.max, options.estimateTokens);
}

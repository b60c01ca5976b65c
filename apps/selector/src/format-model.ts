import type { CatalogModel } from '@ccp/catalog';
import type { TerminalStyle } from './terminal-style';

export function formatTokenCount(count: number | null): string {
  if (count === null) return '?';
  if (count >= 1_000_000) return `${Number((count / 1_000_000).toFixed(2))}M`;
  if (count >= 1000) return `${Math.round(count / 1000)}K`;
  return String(count);
}

export function formatPrice(perMillion: number | null): string {
  if (perMillion === null) return '?';
  if (perMillion === 0) return '0';
  return `$${Number(perMillion.toPrecision(4))}`;
}

/** `in/out` dollars per million tokens, or `free`. */
export function formatPricing(model: CatalogModel): string {
  if (model.free) return 'free';
  return `${formatPrice(model.pricing.inputPerMillion)}/${formatPrice(model.pricing.outputPerMillion)}`;
}

/** Capability letters: R reasoning, V vision, T tools, L local. */
export function capabilityBadges(model: CatalogModel): string {
  return `${model.reasoning ? 'R' : '-'}${model.vision ? 'V' : '-'}${model.tools ? 'T' : '-'}${model.local ? 'L' : '-'}`;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** One table line: number, id, context, price, badges. */
export function formatModelRow(
  model: CatalogModel,
  number: number | undefined,
  style: TerminalStyle,
  idWidth = 52,
): string {
  const numberColumn = number === undefined ? '' : `${String(number).padStart(4)}  `;
  const price = formatPricing(model);
  const priceText = model.free ? style.green(fit(price, 18)) : fit(price, 18);
  return `${numberColumn}${fit(model.id, idWidth)} ${formatTokenCount(model.contextWindow).padStart(6)}  ${priceText} ${style.dim(capabilityBadges(model))}`;
}

export function modelTableHeader(numbered: boolean, style: TerminalStyle, idWidth = 52): string {
  return style.bold(
    `${numbered ? '   #  ' : ''}${'model id'.padEnd(idWidth)} ${'ctx'.padStart(6)}  ${'$/1M in/out'.padEnd(18)} RVTL`,
  );
}

/** Multi-line details of one model. */
export function formatModelDetails(model: CatalogModel, style: TerminalStyle): string {
  const yesNo = (value: boolean) => (value ? style.green('yes') : 'no');
  return [
    style.bold(model.id),
    `  name          ${model.name}`,
    `  provider      ${model.provider} (${model.source})`,
    `  endpoint      ${model.endpoint}`,
    `  price / 1M    input ${formatPrice(model.pricing.inputPerMillion)}, output ${formatPrice(model.pricing.outputPerMillion)}, cache read ${formatPrice(model.pricing.cacheReadPerMillion)}, cache write ${formatPrice(model.pricing.cacheWritePerMillion)}`,
    `  context       ${model.contextWindow ?? 'unknown'} tokens, max output ${model.maxOutput ?? 'unknown'}`,
    `  reasoning ${yesNo(model.reasoning)}  vision ${yesNo(model.vision)}  tools ${yesNo(model.tools)}  free ${yesNo(model.free)}  local ${yesNo(model.local)}`,
  ].join('\n');
}

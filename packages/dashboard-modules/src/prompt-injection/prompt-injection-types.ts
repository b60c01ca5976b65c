/** What the injected text can show; the order here is also the order of the sections. */
export const promptInjectionModules = ['status', 'performance', 'errors', 'models'] as const;
export type PromptInjectionModule = (typeof promptInjectionModules)[number];

export const promptInjectionSizes = ['large', 'medium', 'small'] as const;
export type PromptInjectionSize = (typeof promptInjectionSizes)[number];

/** Token budget of each size: the renderer never goes over `max`; `min` is what a full selection aims for. */
export const promptInjectionBudgets: Readonly<Record<PromptInjectionSize, { min: number; max: number }>> = {
  large: { min: 200, max: 300 },
  medium: { min: 50, max: 100 },
  small: { min: 20, max: 40 },
};

/** The header mode's one line is held to the small budget. */
export const promptInjectionHeaderBudget = promptInjectionBudgets.small;

/** The proxy's configuration as the injected text shows it (no keys, no URLs). */
export interface PromptInjectionProxyInfo {
  provider: string;
  models: { big: string; middle: string; small: string };
  reasoning: {
    effort: string | null | undefined;
    maxTokens: number | null | undefined;
    exclude: boolean | null | undefined;
  };
}

export interface PromptInjectionRenderOptions {
  modules: readonly PromptInjectionModule[];
  size: PromptInjectionSize;
  proxy: PromptInjectionProxyInfo;
  /** Counts the tokens of a text; the budget is measured with it (pass `estimateTextTokens` from @ccp/convert). */
  estimateTokens: (text: string) => number;
  /** How long the proxy has been running, shown by the status module when given. */
  uptimeMs?: number;
}

export const promptInjectionModes = ['auto', 'always', 'header', 'manual'] as const;
/**
 * When the proxy injects: `auto` on turns where the stats help (streaming or tool turns, never on
 * haiku side requests or small title requests), `always` on every request, `header` a compact
 * one-line header on the same turns as `auto`, `manual` only what the code queues.
 */
export type PromptInjectionMode = (typeof promptInjectionModes)[number];

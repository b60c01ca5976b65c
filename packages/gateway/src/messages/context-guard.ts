export type ContextWindowInput = {
  estimatedInputTokens: number;
  /** The client's `max_tokens`. */
  maxTokens: number;
  /** The routed model's context window from the catalog; null or undefined when unknown. */
  contextWindow: number | null | undefined;
  /** The routed model's largest output from the catalog; null or undefined when unknown. */
  maxOutput: number | null | undefined;
  /**
   * Output room a request must keep (default 1024, or `maxTokens` when smaller): a prompt that
   * fits but leaves less than this is answered as too long, so the client compacts now instead
   * of getting an answer cut after a few tokens.
   */
  minimumOutputTokens?: number;
};

export type ContextWindowResult =
  | {
      ok: true;
      /** `max_tokens` to send upstream: at most the model's max output and what fits in the window. */
      maxTokens: number;
      /** Why `maxTokens` is lower than asked, for the debug log; null when unchanged. */
      clampedBy: 'max-output' | 'context-window' | null;
    }
  | {
      ok: false;
      error: { status: 400; type: 'invalid_request_error'; message: string };
    };

const DEFAULT_MINIMUM_OUTPUT_TOKENS = 1024;

/**
 * Checks the estimated prompt against the routed model's context window before anything is
 * sent, and clamps `max_tokens`. An overflow is answered the way Anthropic does —
 * 400 `invalid_request_error` "prompt is too long: N tokens > M maximum" — because Claude Code
 * matches exactly that text (`/^prompt is too long: \d+ tokens > \d+ maximum$/`) and compacts
 * the conversation instead of failing.
 *
 * @example
 * const result = checkContextWindow({ estimatedInputTokens: 40_000, maxTokens: 64_000, contextWindow: 32_768, maxOutput: 8_192 });
 * if (!result.ok) throw AnthropicApiError.fromStatus(result.error.status, result.error.message);
 */
export function checkContextWindow(input: ContextWindowInput): ContextWindowResult {
  const inputTokens = Math.max(0, Math.ceil(input.estimatedInputTokens));
  const requested = Math.max(0, Math.floor(input.maxTokens));
  const maxOutput = positive(input.maxOutput);
  const window = positive(input.contextWindow);

  let maxTokens = requested;
  let clampedBy: 'max-output' | 'context-window' | null = null;
  if (maxOutput !== undefined && maxTokens > maxOutput) {
    maxTokens = maxOutput;
    clampedBy = 'max-output';
  }
  if (window === undefined) return { ok: true, maxTokens, clampedBy };

  const reserve = Math.min(requested, input.minimumOutputTokens ?? DEFAULT_MINIMUM_OUTPUT_TOKENS);
  const maximumInput = window - reserve;
  if (inputTokens > maximumInput) {
    return {
      ok: false,
      error: {
        status: 400,
        type: 'invalid_request_error',
        message: promptTooLongMessage(inputTokens, maximumInput),
      },
    };
  }
  const room = window - inputTokens;
  if (maxTokens > room) {
    maxTokens = room;
    clampedBy = 'context-window';
  }
  return { ok: true, maxTokens, clampedBy };
}

/** Anthropic's wording, which Claude Code parses to decide to compact. No trailing period. */
export function promptTooLongMessage(tokens: number, maximum: number): string {
  return `prompt is too long: ${tokens} tokens > ${maximum} maximum`;
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : undefined;
}

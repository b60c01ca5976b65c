const secretPatterns: Array<[RegExp, string]> = [
  // Authorization headers and bearer tokens echoed back by proxies and gateways.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [redacted]'],
  // OpenAI / OpenRouter / Anthropic / DeepSeek style keys: sk-..., sk-or-v1-..., sk-ant-...
  [/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]'],
  // Google API keys.
  [/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza[redacted]'],
  // key=value pairs in URLs, JSON or prose: api_key=..., "api-key": "...", x-api-key: ...
  [
    /\b((?:x-)?api[-_]?key|access[-_]?token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',&}]{4,}/gi,
    '$1$2[redacted]',
  ],
  // Credentials inside URLs: https://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, '$1[redacted]@'],
];

/** Extra patterns for log lines, where a false positive costs little. */
const keyLikePatterns: Array<[RegExp, string]> = [
  // A bare `key=...` / `"key": "..."` pair.
  [/\b(key)(["']?\s*[:=]\s*["']?)[^\s"',&}]{4,}/gi, '$1$2[redacted]'],
  // Long unbroken runs of letters and digits are far more often tokens than words.
  [/\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}\b/g, '[redacted]'],
];

/** Options of {@link redactSecrets}. */
export type RedactSecretsOptions = {
  /**
   * Also redact bare `key=` values and any run of 32+ letters and digits: for log lines, where
   * hiding a hash by mistake is cheaper than leaking a key. Default false (error messages shown
   * to users keep their ids and hashes).
   */
  keyLikeRuns?: boolean;
};

/**
 * Replaces things that look like API keys or credentials with `[redacted]`, so upstream error
 * text can be shown to users and written to logs.
 *
 * @example redactSecrets('Incorrect API key provided: sk-proj-abc123456') // 'Incorrect API key provided: sk-[redacted]'
 */
export function redactSecrets(text: string, options: RedactSecretsOptions = {}): string {
  let result = text;
  for (const [pattern, replacement] of secretPatterns) result = result.replace(pattern, replacement);
  if (options.keyLikeRuns)
    for (const [pattern, replacement] of keyLikePatterns) result = result.replace(pattern, replacement);
  return result;
}

/** Cuts text to `maximumLength` characters, marking the cut. */
export function truncateText(text: string, maximumLength: number): string {
  if (text.length <= maximumLength) return text;
  return `${text.slice(0, Math.max(0, maximumLength - 1)).trimEnd()}…`;
}

const keyPatterns: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [redacted]'],
  // sk-…, sk-ant-…, sk-or-v1-…, sk-proj-… keys.
  [/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-[redacted]'],
  [/\bAIza[0-9A-Za-z_-]{20,}/g, 'AIza[redacted]'],
  [
    /\b((?:x-)?api[-_]?key|access[-_]?token|secret|password|key)(["']?\s*[:=]\s*["']?)[^\s"',&}]{4,}/gi,
    '$1$2[redacted]',
  ],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, '$1[redacted]@'],
  // Long unbroken runs of letters and digits are far more often tokens than words.
  [/\b(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{32,}\b/g, '[redacted]'],
];

/**
 * A safety net for log lines: replaces anything that looks like an API key or credential.
 * Feed events carry no secrets; this catches mistakes before they reach a terminal.
 *
 * @example redactKeyLikeStrings('key sk-or-v1-abcdef123456') // 'key sk-[redacted]'
 */
export function redactKeyLikeStrings(text: string): string {
  let result = text;
  for (const [pattern, replacement] of keyPatterns) result = result.replace(pattern, replacement);
  return result;
}

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
  /**
   * The secret values the caller knows (upstream API keys, the proxy's own keys). Each one of 6
   * or more characters is replaced by `[redacted]` wherever it appears, whatever its format. So
   * is a run of its first 8 or more characters in the forms providers echo: masked with a shown
   * tail (`correct-h****aple`), or cut short (`correct-horse…`, `correct-hors`) when the run is
   * more than an ordinary word. A run that is only a word (`upstream` of `upstream-secret-XYZ`)
   * stays: masking every such word would hide ordinary text and point at the key's start.
   */
  secrets?: readonly string[];
};

/** Shortest configured secret looked for; shorter values would match ordinary words. */
const minimumSecretLength = 6;
/** Characters of a secret's start that give it away when echoed, even partly masked. */
const revealingPrefixLength = 8;
/** What providers put in place of the hidden middle of a key. */
const maskCharacters = new Set(['*', '…', '•', '.', '#']);
const maskedTailLength = 4;

/**
 * Whether a piece of a secret reads as one ordinary word: letters only, in lower case, upper case
 * or capitalised (`upstream`, `Bearer`), and no separator or digit that would tie it to a key.
 */
function _isOrdinaryWord(run: string): boolean {
  return /^(?:[a-z]+|[A-Z][a-z]+|[A-Z]+)$/.test(run);
}

/** Replaces every known secret, whole or by its revealing start, with `[redacted]`. */
function _redactKnownSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < minimumSecretLength) continue;
    const prefix = secret.slice(0, revealingPrefixLength);
    if (!result.includes(prefix)) continue;
    let out = '';
    let from = 0;
    for (let at = result.indexOf(prefix); at >= 0; at = result.indexOf(prefix, from)) {
      let end = at + prefix.length;
      // As much of the secret as the text repeats...
      let matched = prefix.length;
      while (matched < secret.length && end < result.length && result[end] === secret[matched]) {
        end++;
        matched++;
      }
      if (matched < secret.length) {
        // ...then a masked middle and the shown tail (`sk-abcd****wxyz`).
        const runEnd = end;
        let masked = end;
        while (masked < result.length && maskCharacters.has(result[masked] as string)) masked++;
        let tailed = false;
        if (masked > end) {
          const tail = result.slice(masked, masked + maskedTailLength);
          for (let size = tail.length; size >= 2; size--) {
            if (secret.endsWith(tail.slice(0, size))) {
              end = masked + size;
              tailed = true;
              break;
            }
          }
        }
        // Without a shown tail, only a cut-short run that is more than a word gives the key away.
        if (!tailed) {
          // A separator after the word (`upstream-` before other text) adds nothing to it.
          const run = secret.slice(0, matched).replace(/[^A-Za-z0-9]+$/, '');
          const cutShort = masked > runEnd || !/[A-Za-z0-9]/.test(result[runEnd] ?? '');
          // Three or more `*`, `•` or `#` are a mask whatever precedes them (`upstream****`).
          const starred =
            [...result.slice(runEnd, masked)].filter((mask) => '*•#'.includes(mask)).length >= 3;
          if (!cutShort || (_isOrdinaryWord(run) && !starred)) {
            out += result.slice(from, at + 1);
            from = at + 1;
            continue;
          }
          if (masked > runEnd && [...result.slice(runEnd, masked)].some((mask) => mask !== '.')) end = masked;
        }
      }
      out += `${result.slice(from, at)}[redacted]`;
      from = end;
    }
    result = out + result.slice(from);
  }
  return result;
}

/**
 * Replaces API keys and credentials with `[redacted]`, so upstream error text can be shown to
 * users and written to logs: the caller's known `secrets` (in any format, also partly masked),
 * then anything that looks like a key.
 *
 * @example redactSecrets('Incorrect API key provided: sk-proj-abc123456') // 'Incorrect API key provided: sk-[redacted]'
 * @example redactSecrets('Incorrect API key provided: correct-h****aple', { secrets: ['correct-horse-battery-staple'] }) // 'Incorrect API key provided: [redacted]'
 */
export function redactSecrets(text: string, options: RedactSecretsOptions = {}): string {
  let result =
    options.secrets && options.secrets.length > 0 ? _redactKnownSecrets(text, options.secrets) : text;
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

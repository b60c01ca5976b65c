/** Colours the renderers use; blessed tag names and ANSI codes exist for each. */
export type TagColor = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'gray';

const ansiForeground: Record<string, string> = {
  red: '31',
  green: '32',
  yellow: '33',
  blue: '34',
  magenta: '35',
  cyan: '36',
  white: '37',
  gray: '90',
  grey: '90',
};

const tagPattern = /\{(\/?)([a-z0-9-]*)\}/g;

/**
 * Wraps text in a blessed colour tag when `enabled`, else returns it unchanged.
 * The text must already be escaped with `escapeTags` if it comes from outside.
 *
 * @example paint('ok', 'green', true) // '{green-fg}ok{/green-fg}'
 */
export function paint(text: string, color: TagColor, enabled: boolean): string {
  return enabled && text.length > 0 ? `{${color}-fg}${text}{/${color}-fg}` : text;
}

/** Bold text when `enabled`. */
export function bold(text: string, enabled: boolean): string {
  return enabled && text.length > 0 ? `{bold}${text}{/bold}` : text;
}

/** Escapes braces in outside text (model names, messages) so blessed does not read them as tags. */
export function escapeTags(text: string, enabled: boolean): string {
  return enabled ? text.replace(/[{}]/g, (brace) => (brace === '{' ? '{open}' : '{close}')) : text;
}

/** The text a tagged line shows. */
export function stripTags(line: string): string {
  return line.replace(tagPattern, (_tag, _slash: string, name: string) =>
    name === 'open' ? '{' : name === 'close' ? '}' : '',
  );
}

/** Width of a tagged line on screen (one column per code point). */
export function visibleLength(line: string): number {
  return [...stripTags(line)].length;
}

/**
 * Cuts a tagged line to `width` visible columns, keeping tags intact and resetting colours
 * after a cut so they do not bleed into the next line.
 */
export function fitLine(line: string, width: number): string {
  if (visibleLength(line) <= width) return line;
  if (width <= 0) return '';
  const keep = width - 1;
  let output = '';
  let shown = 0;
  let tagged = false;
  let index = 0;
  while (index < line.length && shown < keep) {
    tagPattern.lastIndex = index;
    const match = line[index] === '{' ? tagPattern.exec(line) : null;
    if (match && match.index === index) {
      output += match[0];
      const name = match[2];
      if (name === 'open' || name === 'close') shown += 1;
      else tagged = true;
      index += match[0].length;
      continue;
    }
    const character = String.fromCodePoint(line.codePointAt(index) ?? 32);
    output += character;
    shown += 1;
    index += character.length;
  }
  output += '…';
  return tagged ? `${output}{/}` : output;
}

/** Pads a tagged line with spaces to `width` visible columns. */
export function padLine(line: string, width: number): string {
  const missing = width - visibleLength(line);
  return missing > 0 ? line + ' '.repeat(missing) : line;
}

/**
 * Converts blessed colour tags into ANSI escape codes for a plain terminal, or strips them.
 *
 * @example tagsToAnsi('{red-fg}x{/red-fg}', true) // '\x1b[31mx\x1b[39m'
 */
export function tagsToAnsi(line: string, color: boolean): string {
  if (!color) return stripTags(line);
  return line.replace(tagPattern, (tag, slash: string, name: string) => {
    if (name === 'open') return '{';
    if (name === 'close') return '}';
    if (name === '' && slash) return '\x1b[0m';
    if (name === 'bold') return slash ? '\x1b[22m' : '\x1b[1m';
    const colorName = name.endsWith('-fg') ? name.slice(0, -3) : null;
    const code = colorName ? ansiForeground[colorName] : undefined;
    if (!code) return tag;
    return slash ? '\x1b[39m' : `\x1b[${code}m`;
  });
}

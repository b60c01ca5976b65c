/** ANSI styling that turns itself off for NO_COLOR, TERM=dumb and non-terminals. */
export type TerminalStyle = {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
  header(text: string): string;
};

/** Whether to colour: a TTY, no NO_COLOR (any value), TERM not dumb; FORCE_COLOR wins. */
export function shouldUseColor(options: {
  isTerminal: boolean;
  env: Record<string, string | undefined>;
}): boolean {
  const { env } = options;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return options.isTerminal;
}

export function createTerminalStyle(enabled: boolean): TerminalStyle {
  const wrap = (open: string, close: string) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  const bold = wrap('1', '22');
  const cyan = wrap('36', '39');
  return {
    enabled,
    bold,
    dim: wrap('2', '22'),
    red: wrap('31', '39'),
    green: wrap('32', '39'),
    yellow: wrap('33', '39'),
    cyan,
    magenta: wrap('35', '39'),
    header: (text) => (enabled ? bold(cyan(`── ${text} ──`)) : `== ${text} ==`),
  };
}

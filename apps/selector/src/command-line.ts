/**
 * citty hands a sub-command only the words after its name, so options written before the
 * command (`ccp-select --env-file x.env models list`) would be lost, and an option's value taken
 * for the command. This moves the options found before the command to just after it; without a
 * command, or with `--help` / `--version` among them, the words stay as they are.
 *
 * @example
 * moveLeadingOptions(['--env-file', 'x.env', 'models', 'list'], new Set(['env-file']))
 * // ['models', 'list', '--env-file', 'x.env']
 */
export function moveLeadingOptions(rawArgs: readonly string[], valueFlags: ReadonlySet<string>): string[] {
  const leading: string[] = [];
  let index = 0;
  while (index < rawArgs.length) {
    const word = rawArgs[index] ?? '';
    if (word === '--' || !word.startsWith('-')) break;
    if (['-h', '--help', '-v', '--version'].includes(word)) return [...rawArgs];
    leading.push(word);
    index++;
    const takesValue = !word.includes('=') && valueFlags.has(word.replace(/^-+/, ''));
    if (takesValue && index < rawArgs.length) leading.push(rawArgs[index++] ?? '');
  }
  const rest = rawArgs.slice(index);
  if (leading.length === 0 || rest.length === 0 || rest[0] === '--') return [...rawArgs];
  const end = rest.indexOf('--');
  return end === -1 ? [...rest, ...leading] : [...rest.slice(0, end), ...leading, ...rest.slice(end)];
}

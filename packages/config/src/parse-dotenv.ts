/**
 * Parses `.env` text: `KEY=value`, `export KEY=value`, single/double quotes,
 * `#` comments (outside quotes), and `\n` escapes inside double quotes.
 *
 * @example
 * parseDotenv('BIG_MODEL=gpt-4o # main model\n') // { BIG_MODEL: 'gpt-4o' }
 */
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let index = 0; index < lines.length; index++) {
    let line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('export ')) line = line.slice(7).trim();
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key)) continue;
    let rest = line.slice(equals + 1).trim();
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may span several lines until its closing quote.
      let body = rest.slice(1);
      while (!body.includes(quote) && index + 1 < lines.length) {
        index++;
        body += `\n${lines[index] ?? ''}`;
      }
      const end = body.indexOf(quote);
      let value = end === -1 ? body : body.slice(0, end);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
      values[key] = value;
      continue;
    }
    const comment = rest.search(/\s#/);
    if (comment !== -1) rest = rest.slice(0, comment).trim();
    values[key] = rest;
  }
  return values;
}

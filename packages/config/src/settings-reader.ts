import {
  expectedValue,
  findSettingDefinition,
  type SettingDefinition,
  type SettingGroup,
  type SettingType,
} from './setting-definitions';
import { SettingsError, type SettingsProblem } from './settings-error';

export type Environment = Record<string, string | undefined>;

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/** The trimmed value, or undefined when unset or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** `https://x/v1/` → `https://x/v1`; undefined when not an http(s) URL. */
export function httpUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return raw.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/**
 * Reads one resolver's settings through the settings table and collects a problem for every
 * value the table does not accept; `throwIfInvalid` ends the read. Reading a variable that the
 * table does not list for this resolver is a programming error and throws at once.
 */
export function createSettingsReader(
  environment: Environment,
  group: SettingGroup,
  options: { reportAs?: Readonly<Record<string, string>> } = {},
) {
  const problems: SettingsProblem[] = [];

  const definitionOf = (name: string, kind?: SettingType['kind']): SettingDefinition => {
    const definition = findSettingDefinition(name);
    if (!definition?.readBy.includes(group)) {
      throw new Error(`${name} is not listed as a ${group} setting in the settings table.`);
    }
    if (kind !== undefined && definition.type.kind !== kind) {
      throw new Error(`${name} is a ${definition.type.kind} setting, not ${kind}.`);
    }
    return definition;
  };

  const report = (name: string, value: string | undefined, expected: string): void => {
    problems.push({ variable: options.reportAs?.[name] ?? name, value, expected });
  };
  const invalid = (name: string, value: string): undefined => {
    report(name, value, `expected ${expectedValue(definitionOf(name))}`);
    return undefined;
  };

  return {
    /** The trimmed value, undefined when unset or blank. */
    text(name: string): string | undefined {
      definitionOf(name);
      return nonEmpty(environment[name]);
    },
    boolean(name: string): boolean | undefined {
      definitionOf(name, 'boolean');
      const raw = nonEmpty(environment[name]);
      if (raw === undefined) return undefined;
      const word = raw.toLowerCase();
      if (TRUE_WORDS.includes(word)) return true;
      if (FALSE_WORDS.includes(word)) return false;
      return invalid(name, raw);
    },
    integer(name: string): number | undefined {
      const { type } = definitionOf(name, 'integer');
      const raw = nonEmpty(environment[name]);
      if (raw === undefined || type.kind !== 'integer') return undefined;
      const value = /^[+-]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < type.min || value > type.max) return invalid(name, raw);
      return value;
    },
    /** A duration given in seconds (`0.5`, `2`, `1.5s`) or milliseconds (`500ms`), as milliseconds. */
    milliseconds(name: string): number | undefined {
      const { type } = definitionOf(name, 'seconds');
      const raw = nonEmpty(environment[name]);
      if (raw === undefined || type.kind !== 'seconds') return undefined;
      const match = /^(\d+(?:\.\d*)?|\.\d+)\s*(ms|s)?$/i.exec(raw);
      if (!match?.[1]) return invalid(name, raw);
      const number = Number(match[1]);
      const seconds = match[2]?.toLowerCase() === 'ms' ? number / 1000 : number;
      if (seconds < type.min || seconds > type.max) return invalid(name, raw);
      return Math.round(seconds * 1000);
    },
    url(name: string): string | undefined {
      definitionOf(name, 'url');
      const raw = nonEmpty(environment[name]);
      if (raw === undefined) return undefined;
      return httpUrl(raw) ?? invalid(name, raw);
    },
    /** One of the table's words, lower-cased, with aliases mapped onto the words they stand for. */
    choice<Value extends string>(name: string): Value | undefined {
      const { type } = definitionOf(name, 'choice');
      const raw = nonEmpty(environment[name]);
      if (raw === undefined || type.kind !== 'choice') return undefined;
      const word = raw.toLowerCase();
      const value = type.aliases?.[word] ?? word;
      if (!type.values.includes(value)) return invalid(name, raw);
      return value as Value;
    },
    /** A comma list of the table's words; `all` is every word, in the table's order. */
    choiceList<Value extends string>(name: string): Value[] | undefined {
      const { type } = definitionOf(name, 'choice-list');
      const raw = nonEmpty(environment[name]);
      if (raw === undefined || type.kind !== 'choice-list') return undefined;
      const words = raw
        .split(',')
        .map((word) => word.trim().toLowerCase())
        .filter(Boolean);
      const unknown = words.filter((word) => word !== 'all' && !type.values.includes(word));
      if (words.length === 0 || unknown.length > 0) return invalid(name, raw);
      const chosen = words.includes('all')
        ? type.values
        : type.values.filter((value) => words.includes(value));
      return [...chosen] as Value[];
    },
    /** The raw value of a setting whose type the resolver checks itself (targets, feed URLs, module lists). */
    custom(name: string, kind: 'route-target' | 'route-target-list' | 'feed-url' | 'module-list') {
      definitionOf(name, kind);
      return nonEmpty(environment[name]);
    },
    /** Adds a problem the types cannot express, such as a missing companion setting. */
    report,
    /** Adds the table's "expected …" problem for a value the resolver found invalid. */
    invalid,
    /** Throws a {@link SettingsError} with every problem found so far. */
    throwIfInvalid(): void {
      if (problems.length > 0) throw new SettingsError(problems);
    },
  };
}

export type SettingsReader = ReturnType<typeof createSettingsReader>;

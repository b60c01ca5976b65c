import { isSecretSetting } from './setting-definitions';

/** One invalid setting. */
export type SettingsProblem = {
  /** The variable at fault, e.g. `PORT` (a flag sets the same variable). */
  variable: string;
  /** The value as given; undefined when the problem is a missing companion setting. Keys and tokens are hidden. */
  value?: string;
  /** What is accepted, or what to do: "expected a whole number from 0 to 65535". */
  expected: string;
};

/** The exit code of every ccp app that stops on invalid settings. */
export const SETTINGS_ERROR_EXIT_CODE = 2;

const HIDDEN = '<hidden>';

/**
 * One or more settings are invalid. Every settings resolver throws it, naming each bad
 * variable, its value (never the value of a key or token) and what is accepted.
 */
export class SettingsError extends Error {
  readonly problems: readonly SettingsProblem[];

  constructor(problems: readonly SettingsProblem[]) {
    const safe = problems.map((problem) =>
      problem.value !== undefined && isSecretSetting(problem.variable)
        ? { ...problem, value: HIDDEN }
        : problem,
    );
    super(formatSettingsProblems(safe));
    this.name = 'SettingsError';
    this.problems = safe;
  }
}

/** One problem as one line: `PORT="eighty": expected a whole number from 0 to 65535`. */
export function describeSettingsProblem(problem: SettingsProblem): string {
  let value = '';
  if (problem.value !== undefined) {
    value = isSecretSetting(problem.variable) ? `=${HIDDEN}` : `=${JSON.stringify(problem.value)}`;
  }
  return `${problem.variable}${value}: ${problem.expected}`;
}

function formatSettingsProblems(problems: readonly SettingsProblem[]): string {
  return [
    'Invalid ccp settings:',
    ...problems.map((problem) => `  ${describeSettingsProblem(problem)}`),
  ].join('\n');
}

/**
 * The text every ccp app prints for a {@link SettingsError}: a heading, one line per problem,
 * and an optional hint on where to fix them. No stack trace.
 *
 * @example
 * process.stderr.write(formatSettingsError(error, { hint: 'Fix them in ./.env, then start again.' }));
 * process.exit(SETTINGS_ERROR_EXIT_CODE);
 */
export function formatSettingsError(error: SettingsError, options: { hint?: string } = {}): string {
  const hint = options.hint ? `\n${options.hint}` : '';
  return `${formatSettingsProblems(error.problems)}${hint}\n`;
}

type Resolved<Resolvers extends Record<string, () => unknown>> = {
  [Name in keyof Resolvers]: ReturnType<Resolvers[Name]>;
};

/**
 * Runs several resolvers over the same settings and reports all their problems at once: one
 * {@link SettingsError} with every problem (each once), or every result by name.
 *
 * @example
 * const { core, routing } = collectSettings({
 *   core: () => resolveSettings(environment),
 *   routing: () => resolveRoutingSettings(environment),
 * });
 */
export function collectSettings<Resolvers extends Record<string, () => unknown>>(
  resolvers: Resolvers,
): Resolved<Resolvers> {
  const results: Partial<Record<keyof Resolvers, unknown>> = {};
  const problems = new Map<string, SettingsProblem>();
  for (const name of Object.keys(resolvers) as (keyof Resolvers)[]) {
    try {
      results[name] = resolvers[name]?.();
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      for (const problem of error.problems) problems.set(describeSettingsProblem(problem), problem);
    }
  }
  if (problems.size > 0) throw new SettingsError([...problems.values()]);
  return results as Resolved<Resolvers>;
}

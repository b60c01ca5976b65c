import { describeSettingsProblem, SettingsError } from '../settings-error';

/** The problem lines a resolver throws, or [] when it resolves; other errors pass through. */
export function problemsOf(resolve: () => unknown): string[] {
  try {
    resolve();
    return [];
  } catch (error) {
    if (error instanceof SettingsError) return error.problems.map(describeSettingsProblem);
    throw error;
  }
}

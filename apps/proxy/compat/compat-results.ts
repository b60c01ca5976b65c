/** How one check of one client went. */
export interface CompatCheck {
  name: string;
  status: 'pass' | 'fail' | 'not-applicable';
  /** A few words shown in the table cell (e.g. the thinking shape), or why it failed. */
  detail: string;
}

/** One row of the matrix: a client at one version and what its run showed. */
export interface CompatRow {
  client: string;
  version: string;
  passed: boolean;
  checks: CompatCheck[];
  /** What is worth knowing although nothing failed. */
  notes: string[];
}

export interface CompatResults {
  /** The day the matrix was made (YYYY-MM-DD). */
  date: string;
  node: string;
  rows: CompatRow[];
}

export function check(name: string, passed: boolean, detail: string): CompatCheck {
  return { name, status: passed ? 'pass' : 'fail', detail };
}

export function notApplicable(name: string, detail: string): CompatCheck {
  return { name, status: 'not-applicable', detail };
}

/** A row passes when none of its checks failed. */
export function compatRow(
  client: string,
  version: string,
  checks: CompatCheck[],
  notes: string[] = [],
): CompatRow {
  return { client, version, passed: checks.every((item) => item.status !== 'fail'), checks, notes };
}

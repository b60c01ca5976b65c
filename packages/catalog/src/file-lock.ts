import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export type FileLockOptions = {
  /** Give up after this long waiting for another holder. */
  timeoutMilliseconds?: number;
  /** A lock older than this is taken over even if its process seems alive. */
  staleMilliseconds?: number;
};

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

async function lockIsStale(lockPath: string, staleMilliseconds: number): Promise<string | undefined> {
  let content: string;
  let modified: number;
  try {
    content = await readFile(lockPath, 'utf8');
    modified = (await stat(lockPath)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number.parseInt(content.split(' ')[0] ?? '', 10);
  const age = Date.now() - modified;
  if (Number.isInteger(pid) && pid > 0 && !processIsAlive(pid)) return content;
  // A half-written lock (no pid yet) is only stale once it is old.
  if (age > staleMilliseconds) return content;
  return undefined;
}

async function removeStaleLock(lockPath: string, staleContent: string): Promise<void> {
  // Move the lock aside, then check we moved the stale one and not a fresh lock that
  // another process created in between; if we did, put it back.
  const asidePath = `${lockPath}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(lockPath, asidePath);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const movedContent = await readFile(asidePath, 'utf8').catch(() => '');
  if (movedContent !== staleContent) await link(asidePath, lockPath).catch(() => undefined);
  await rm(asidePath, { force: true });
}

/**
 * Runs `task` while holding `<lockPath>` (created with O_EXCL). A lock left by a dead process,
 * or older than `staleMilliseconds`, is taken over.
 *
 * @example
 * await withFileLock('/home/me/.ccp/modes.json.lock', async () => { … read, change, write … });
 */
export async function withFileLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const timeoutMilliseconds = options.timeoutMilliseconds ?? 10_000;
  const staleMilliseconds = options.staleMilliseconds ?? 30_000;
  const deadline = Date.now() + timeoutMilliseconds;
  await mkdir(dirname(lockPath), { recursive: true });
  const token = `${process.pid} ${Date.now()} ${randomBytes(6).toString('hex')}`;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      try {
        await handle.writeFile(token, 'utf8');
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    const staleContent = await lockIsStale(lockPath, staleMilliseconds);
    if (staleContent !== undefined) {
      await removeStaleLock(lockPath, staleContent);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Another process has held the lock ${lockPath} for over ${timeoutMilliseconds} ms. If no other ccp command is running, delete that file and retry.`,
      );
    }
    await sleep(5 + Math.floor(Math.random() * 25));
  }
  try {
    return await task();
  } finally {
    // Only remove our own lock (it may have been taken over as stale meanwhile).
    const current = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (current === token) await rm(lockPath, { force: true });
  }
}

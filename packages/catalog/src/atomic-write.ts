import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export type AtomicWriteOptions = {
  /** Copy the current file to `<path>.bak` before replacing it. */
  backup?: boolean;
  /** Permission bits of the new file; 0o644 unless given (modes files use 0o600). */
  fileMode?: number;
};

/**
 * Writes a file so readers only ever see the old or the new content: the text goes to a
 * temporary file in the same directory, is flushed to disk, then renamed over the target.
 *
 * @example
 * await writeFileAtomic('/tmp/models.json', JSON.stringify(data), { backup: true });
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporaryPath = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await open(temporaryPath, 'w', options.fileMode ?? 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (options.backup) {
      await copyFile(path, `${path}.bak`).catch((error: unknown) => {
        if (!isMissingFileError(error)) throw error;
      });
    }
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

async function syncDirectory(directory: string): Promise<void> {
  // Makes the rename itself durable; some platforms cannot open directories, which is fine.
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {}
}

export function isMissingFileError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

import { copyFile, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as v from 'valibot';
import { isMissingFileError, writeFileAtomic } from './atomic-write';
import { type FileLockOptions, withFileLock } from './file-lock';
import { type ModeSettings, ModeSettingsSchema } from './mode-settings';

export const MODE_SLOT_COUNT = 99;

const ModeSchema = v.object({
  id: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MODE_SLOT_COUNT)),
  name: v.pipe(v.string(), v.minLength(1)),
  settings: ModeSettingsSchema,
  createdAt: v.string(),
  updatedAt: v.string(),
});

const ModesFileSchema = v.object({
  version: v.literal(1),
  modes: v.array(ModeSchema),
});

const ModeListSchema = v.array(ModeSchema);

/** A saved configuration in one of the 99 slots. */
export type Mode = v.InferOutput<typeof ModeSchema>;
type ModesFile = v.InferOutput<typeof ModesFileSchema>;

/** Thrown for a name or ID that matches no mode, a bad name, or a full store; the message says what to do. */
export class ModeError extends Error {
  override name = 'ModeError';
}

export type ModeStoreOptions = FileLockOptions & {
  filePath: string;
  /** Receives recoverable problems, e.g. a damaged file replaced by its backup. */
  onWarning?: (message: string) => void;
  now?: () => Date;
};

export type SaveModeInput = {
  name: string;
  settings: ModeSettings;
  /** A slot 1–99; without it an existing mode of the same name keeps its slot, else the lowest free slot is used. */
  id?: number;
};

export type ImportModesResult = { imported: Mode[]; skipped: { name: string; reason: string }[] };

/** Persistent modes: save, load, delete by name (case-insensitive) or ID, export and import. */
export type ModeStore = {
  readonly filePath: string;
  list(): Promise<Mode[]>;
  find(nameOrId: string | number): Promise<Mode | undefined>;
  load(nameOrId: string | number): Promise<Mode>;
  save(input: SaveModeInput): Promise<Mode>;
  delete(nameOrId: string | number): Promise<Mode>;
  exportModes(selection?: readonly (string | number)[]): Promise<string>;
  importModes(json: string, options?: { overwrite?: boolean }): Promise<ImportModesResult>;
};

type ReadResult = { file: ModesFile; mainIsValid: boolean };

function describeProblem(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseModesText(text: string): ModesFile {
  const data: unknown = JSON.parse(text);
  const result = v.safeParse(ModesFileSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(
      `${issue ? (v.getDotPath(issue) ?? 'top level') : 'top level'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.output;
}

/** Parses `"7"` or `7` as a slot ID; anything else is a name. */
function asSlotId(nameOrId: string | number): number | undefined {
  if (typeof nameOrId === 'number') return nameOrId;
  return /^\s*\d+\s*$/.test(nameOrId) ? Number.parseInt(nameOrId, 10) : undefined;
}

function findIn(modes: readonly Mode[], nameOrId: string | number): Mode | undefined {
  const id = asSlotId(nameOrId);
  if (id !== undefined) return modes.find((mode) => mode.id === id);
  const lower = String(nameOrId).trim().toLowerCase();
  return modes.find((mode) => mode.name.toLowerCase() === lower);
}

function validateName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new ModeError('A mode needs a name. Pass a name such as "fast-local".');
  if (/^\d+$/.test(trimmed)) {
    throw new ModeError(
      `"${trimmed}" looks like a slot ID; mode names must contain a letter so they can be told apart from IDs.`,
    );
  }
  if (trimmed.length > 64)
    throw new ModeError(`The mode name is ${trimmed.length} characters; keep it to 64 or fewer.`);
  return trimmed;
}

function lowestFreeSlot(modes: readonly Mode[]): number | undefined {
  const taken = new Set(modes.map((mode) => mode.id));
  for (let id = 1; id <= MODE_SLOT_COUNT; id++) if (!taken.has(id)) return id;
  return undefined;
}

function sortModes(modes: Mode[]): Mode[] {
  return modes.sort((left, right) => left.id - right.id);
}

/**
 * Opens the modes file at an explicit path. Every change re-reads the file under a lock
 * (`<file>.lock`, O_EXCL, stale locks from dead processes taken over), applies the change and
 * writes atomically (temp file, fsync, rename), keeping the previous good file as `<file>.bak`.
 * A damaged main file is replaced by the backup on read, with a warning.
 *
 * @example
 * const store = createModeStore({ filePath: resolveModesFilePath({ env: process.env, homeDirectory: homedir() }) });
 * await store.save({ name: 'cheap', settings: { BIG_MODEL: 'deepseek/deepseek-chat-v3-0324' } });
 * (await store.load('CHEAP')).settings.BIG_MODEL;
 */
export function createModeStore(options: ModeStoreOptions): ModeStore {
  const { filePath } = options;
  const backupPath = `${filePath}.bak`;
  const lockPath = `${filePath}.lock`;
  const now = options.now ?? (() => new Date());
  const warn = options.onWarning ?? (() => undefined);

  async function readBackup(reason: string): Promise<ModesFile | undefined> {
    let text: string;
    try {
      text = await readFile(backupPath, 'utf8');
    } catch (error) {
      if (isMissingFileError(error)) return undefined;
      throw error;
    }
    try {
      const file = parseModesText(text);
      warn(`${reason}; loaded ${file.modes.length} mode(s) from the backup ${backupPath}.`);
      return file;
    } catch (error) {
      warn(
        `${reason}, and the backup ${backupPath} is damaged too (${describeProblem(error)}); starting with no modes.`,
      );
      return undefined;
    }
  }

  async function readModes(): Promise<ReadResult> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if (!isMissingFileError(error)) throw error;
      // A crash between backup and rename cannot lose the main file, but a user may delete it.
      const backup = await readBackup(`The modes file ${filePath} is missing`);
      return { file: backup ?? { version: 1, modes: [] }, mainIsValid: false };
    }
    try {
      return { file: parseModesText(text), mainIsValid: true };
    } catch (error) {
      const damagedCopy = `${filePath}.damaged`;
      await copyFile(filePath, damagedCopy).catch(() => undefined);
      const backup = await readBackup(
        `The modes file ${filePath} is damaged (${describeProblem(error)}); a copy was kept as ${damagedCopy}`,
      );
      return { file: backup ?? { version: 1, modes: [] }, mainIsValid: false };
    }
  }

  // Temporary files of writers that died before their rename. Writers only create them while
  // holding the lock, so any that exist when we hold it are leftovers.
  async function removeLeftoverTemporaryFiles(): Promise<void> {
    const prefix = `.${basename(filePath)}.`;
    const names = await readdir(dirname(filePath)).catch(() => [] as string[]);
    for (const name of names) {
      if (name.startsWith(prefix) && name.endsWith('.tmp'))
        await rm(join(dirname(filePath), name), { force: true });
    }
  }

  async function change<T>(apply: (modes: Mode[]) => T): Promise<T> {
    return withFileLock(
      lockPath,
      async () => {
        await removeLeftoverTemporaryFiles();
        const { file, mainIsValid } = await readModes();
        const modes = [...file.modes];
        const result = apply(modes);
        const next: ModesFile = { version: 1, modes: sortModes(modes) };
        // Only a valid main file may become the backup, so a damaged file never replaces a good one.
        await writeFileAtomic(filePath, `${JSON.stringify(next, null, 2)}\n`, {
          backup: mainIsValid,
          fileMode: 0o600,
        });
        return result;
      },
      options,
    );
  }

  function notFound(nameOrId: string | number, modes: readonly Mode[]): ModeError {
    const known = modes.map((mode) => `${mode.id}:${mode.name}`).join(', ');
    return new ModeError(
      `No mode ${asSlotId(nameOrId) !== undefined ? 'in slot' : 'named'} "${nameOrId}". ${known ? `Saved modes: ${known}.` : 'No modes are saved yet; save one first.'}`,
    );
  }

  function saveInto(modes: Mode[], input: SaveModeInput, timestamp: string): Mode {
    const name = validateName(input.name);
    if (
      input.id !== undefined &&
      !(Number.isInteger(input.id) && input.id >= 1 && input.id <= MODE_SLOT_COUNT)
    ) {
      throw new ModeError(`Mode IDs run from 1 to ${MODE_SLOT_COUNT}; ${input.id} is outside that range.`);
    }
    const parsedSettings = v.safeParse(ModeSettingsSchema, input.settings);
    if (!parsedSettings.success) {
      throw new ModeError(
        `Mode "${name}" has invalid settings: ${parsedSettings.issues[0]?.message ?? 'invalid'}.`,
      );
    }
    const settings = parsedSettings.output;
    const sameName = findIn(modes, name);
    const id = input.id ?? sameName?.id ?? lowestFreeSlot(modes);
    if (id === undefined) {
      throw new ModeError(
        `All ${MODE_SLOT_COUNT} mode slots are taken. Delete a mode or pass an ID to overwrite one.`,
      );
    }
    const previous = modes.find((mode) => mode.id === id);
    const mode: Mode = {
      id,
      name,
      settings,
      createdAt:
        previous && previous.name.toLowerCase() === name.toLowerCase() ? previous.createdAt : timestamp,
      updatedAt: timestamp,
    };
    for (let index = modes.length - 1; index >= 0; index--) {
      const existing = modes[index];
      if (existing && (existing.id === id || existing.name.toLowerCase() === name.toLowerCase()))
        modes.splice(index, 1);
    }
    modes.push(mode);
    return mode;
  }

  return {
    filePath,
    async list() {
      return sortModes([...(await readModes()).file.modes]);
    },
    async find(nameOrId) {
      return findIn((await readModes()).file.modes, nameOrId);
    },
    async load(nameOrId) {
      const { modes } = (await readModes()).file;
      const mode = findIn(modes, nameOrId);
      if (!mode) throw notFound(nameOrId, modes);
      return mode;
    },
    save(input) {
      return change((modes) => saveInto(modes, input, now().toISOString()));
    },
    delete(nameOrId) {
      return change((modes) => {
        const mode = findIn(modes, nameOrId);
        if (!mode) throw notFound(nameOrId, modes);
        modes.splice(modes.indexOf(mode), 1);
        return mode;
      });
    },
    async exportModes(selection) {
      const { modes } = (await readModes()).file;
      const chosen = selection
        ? selection.map((nameOrId) => {
            const mode = findIn(modes, nameOrId);
            if (!mode) throw notFound(nameOrId, modes);
            return mode;
          })
        : modes;
      return `${JSON.stringify({ format: 'ccp-modes', version: 1, exportedAt: now().toISOString(), modes: chosen }, null, 2)}\n`;
    },
    async importModes(json, importOptions = {}) {
      let data: unknown;
      try {
        data = JSON.parse(json);
      } catch {
        throw new ModeError('The modes to import are not valid JSON. Pass a file written by `modes export`.');
      }
      // Accepts an export (`{ format, modes }`), a modes file (`{ version, modes }`) or a bare list.
      const list = Array.isArray(data)
        ? data
        : typeof data === 'object' && data !== null && 'modes' in data
          ? data.modes
          : undefined;
      const parsed = v.safeParse(ModeListSchema, list);
      if (!parsed.success) {
        const issue = parsed.issues[0];
        throw new ModeError(
          `The modes to import are not in the export format (${issue ? (v.getDotPath(issue) ?? 'top level') : 'top level'}: ${issue?.message ?? 'invalid'}). Pass a file written by \`modes export\`.`,
        );
      }
      const incoming = parsed.output;
      const overwrite = importOptions.overwrite ?? true;
      return change((modes) => {
        const result: ImportModesResult = { imported: [], skipped: [] };
        const timestamp = now().toISOString();
        for (const mode of incoming) {
          const existing = findIn(modes, mode.name);
          if (existing && !overwrite) {
            result.skipped.push({
              name: mode.name,
              reason: `a mode named "${existing.name}" exists in slot ${existing.id}`,
            });
            continue;
          }
          const slotTakenByOther = modes.some(
            (other) => other.id === mode.id && other.name.toLowerCase() !== mode.name.toLowerCase(),
          );
          const id = existing?.id ?? (slotTakenByOther ? lowestFreeSlot(modes) : mode.id);
          if (id === undefined) {
            result.skipped.push({ name: mode.name, reason: `all ${MODE_SLOT_COUNT} slots are taken` });
            continue;
          }
          try {
            result.imported.push(
              saveInto(modes, { name: mode.name, settings: mode.settings, id }, timestamp),
            );
          } catch (error) {
            result.skipped.push({ name: mode.name, reason: describeProblem(error) });
          }
        }
        return result;
      });
    },
  };
}

/**
 * One line per mode for listings (`ccp-proxy --list-modes`, `ccp-select modes list`):
 * slot, name, the three tier models and the reasoning effort.
 *
 * @example
 * formatModeLine(mode); // ' 1  Daily                    openai/gpt-4.1 | - | openai/gpt-4.1-nano  effort=low'
 */
export function formatModeLine(mode: Mode): string {
  const models = [mode.settings.BIG_MODEL, mode.settings.MIDDLE_MODEL, mode.settings.SMALL_MODEL]
    .map((id) => id ?? '-')
    .join(' | ');
  const effort = mode.settings.REASONING_EFFORT ? `  effort=${mode.settings.REASONING_EFFORT}` : '';
  return `${String(mode.id).padStart(2)}  ${mode.name.padEnd(24)} ${models}${effort}`;
}

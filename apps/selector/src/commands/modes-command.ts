import { readFile, writeFile } from 'node:fs/promises';
import { formatModeLine, pickModeSettings } from '@ccp/catalog';
import { environmentFromFlags, flagArguments, layerEnvironment, type SettingFlagName } from '@ccp/config';
import { defineCommand } from 'citty';
import { createAppContext, guarded, printJson, sharedArguments } from '../app-context';
import { writeEnvironmentFile } from '../env-file';
import { applySettings, environmentUpdates, selectionFromEnvironment } from '../selection';

/** The flags `modes save` stores in the mode, over the current `.env` selection. */
const MODE_FLAG_NAMES = [
  'big-model',
  'middle-model',
  'small-model',
  'reasoning-effort',
  'reasoning-max-tokens',
  'verbosity',
] as const satisfies readonly SettingFlagName[];

const saveCommand = defineCommand({
  meta: { name: 'save', description: 'Save the current .env selection (plus any flags) as a mode' },
  args: {
    ...sharedArguments,
    name: { type: 'positional', required: true, description: 'Mode name (case-insensitive)' },
    id: { type: 'string', description: 'Slot 1–99 (default: its old slot, or the lowest free one)' },
    ...flagArguments(...MODE_FLAG_NAMES),
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const { settings } = pickModeSettings(
      layerEnvironment({
        environment: selectionFromEnvironment(context.environment),
        flags: environmentFromFlags(args, MODE_FLAG_NAMES),
      }),
    );
    const id = args.id === undefined ? undefined : Number(args.id);
    const mode = await context.modeStore.save({ name: args.name, settings, id });
    if (args.json) printJson(mode);
    else console.log(`Saved mode ${mode.id} "${mode.name}" to ${context.modeStore.filePath}`);
  }),
});

const loadCommand = defineCommand({
  meta: { name: 'load', description: 'Apply a mode to the .env file (with a backup); --print only shows it' },
  args: {
    ...sharedArguments,
    mode: { type: 'positional', required: true, description: 'Mode name or ID' },
    print: { type: 'boolean', description: 'Only print the settings, do not write .env' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const mode = await context.modeStore.load(args.mode);
    const written = args.print
      ? undefined
      : await writeEnvironmentFile(
          context.environmentFilePath,
          environmentUpdates(applySettings(selectionFromEnvironment(context.environment), mode.settings)),
          new Date(),
        );
    if (args.json) {
      printJson({ mode, written });
      return;
    }
    for (const [key, value] of Object.entries(mode.settings)) console.log(`${key}=${value}`);
    if (written)
      console.log(
        `# mode ${mode.id} "${mode.name}" written to ${written.path}${written.backupPath ? ` (backup ${written.backupPath})` : ''}`,
      );
  }),
});

const listCommand = defineCommand({
  meta: { name: 'list', description: 'List saved modes' },
  args: { ...sharedArguments, json: { type: 'boolean', description: 'Print JSON' } },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const modes = await context.modeStore.list();
    if (args.json) {
      printJson(modes);
      return;
    }
    if (modes.length === 0)
      console.log(
        `No modes saved yet in ${context.modeStore.filePath}. Save one with \`ccp-select modes save <name>\`.`,
      );
    for (const mode of modes) console.log(formatModeLine(mode));
  }),
});

const deleteCommand = defineCommand({
  meta: { name: 'delete', description: 'Delete a mode by name or ID' },
  args: {
    ...sharedArguments,
    mode: { type: 'positional', required: true, description: 'Mode name or ID' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const mode = await context.modeStore.delete(args.mode);
    if (args.json) printJson(mode);
    else console.log(`Deleted mode ${mode.id} "${mode.name}".`);
  }),
});

const exportCommand = defineCommand({
  meta: { name: 'export', description: 'Export modes as JSON (all, or the names/IDs given)' },
  args: {
    ...sharedArguments,
    output: { type: 'string', alias: 'o', description: 'Write to this file instead of stdout' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const selection = args._.map(String);
    const text = await context.modeStore.exportModes(selection.length > 0 ? selection : undefined);
    if (args.output) {
      await writeFile(args.output, text, { mode: 0o600 });
      console.error(`Exported to ${args.output}`);
    } else {
      process.stdout.write(text);
    }
  }),
});

const importCommand = defineCommand({
  meta: { name: 'import', description: 'Import modes from a file written by `modes export`' },
  args: {
    ...sharedArguments,
    file: { type: 'positional', required: true, description: 'Export file' },
    'keep-existing': {
      type: 'boolean',
      description: 'Skip modes whose name already exists instead of overwriting',
    },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const result = await context.modeStore.importModes(await readFile(args.file, 'utf8'), {
      overwrite: !args['keep-existing'],
    });
    if (args.json) {
      printJson(result);
      return;
    }
    for (const mode of result.imported) console.log(`imported ${formatModeLine(mode)}`);
    for (const skip of result.skipped) console.log(`skipped "${skip.name}": ${skip.reason}`);
  }),
});

export const modesCommand = defineCommand({
  meta: { name: 'modes', description: 'Saved configurations in 99 slots' },
  subCommands: {
    save: saveCommand,
    load: loadCommand,
    list: listCommand,
    delete: deleteCommand,
    export: exportCommand,
    import: importCommand,
  },
});

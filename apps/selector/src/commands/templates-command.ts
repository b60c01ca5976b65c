import { applyTemplate, findTemplate, listTemplates, type ModelTemplate } from '@ccp/catalog';
import { defineCommand } from 'citty';
import { createAppContext, guarded, printJson, sharedArguments } from '../app-context';
import { writeEnvironmentFile } from '../env-file';
import { applySettings, environmentUpdates, selectionFromEnvironment } from '../selection';

function templateOrThrow(id: string): ModelTemplate {
  const template = findTemplate(id);
  if (!template)
    throw new Error(
      `No template "${id}". Available: ${listTemplates()
        .map((each) => each.id)
        .join(', ')}.`,
    );
  return template;
}

const listCommand = defineCommand({
  meta: { name: 'list', description: 'List the built-in templates' },
  args: { json: { type: 'boolean', description: 'Print JSON' } },
  run: guarded(async (args) => {
    if (args.json) {
      printJson(listTemplates());
      return;
    }
    for (const template of listTemplates()) {
      console.log(`${template.id.padEnd(20)} ${template.name.padEnd(20)} ${template.description}`);
    }
  }),
});

const showCommand = defineCommand({
  meta: { name: 'show', description: 'Show one template' },
  args: {
    id: { type: 'positional', required: true, description: 'Template id, e.g. local-free or openrouter-free' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const template = templateOrThrow(args.id);
    if (args.json) {
      printJson({ ...template, settings: applyTemplate(template.id) });
      return;
    }
    console.log(`${template.name} (${template.id})\n  ${template.description}`);
    console.log(`  requires: ${template.requirementNotes.join(' ')}`);
    for (const [key, value] of Object.entries(applyTemplate(template.id))) console.log(`  ${key}=${value}`);
  }),
});

const applyCommand = defineCommand({
  meta: { name: 'apply', description: 'Print the settings of a template; --write puts them in .env' },
  args: {
    ...sharedArguments,
    id: { type: 'positional', required: true, description: 'Template id, e.g. local-free or openrouter-free' },
    write: { type: 'boolean', description: 'Write the settings into the .env file (with a backup)' },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  run: guarded(async (args) => {
    const template = templateOrThrow(args.id);
    const settings = applyTemplate(template.id);
    let written: Awaited<ReturnType<typeof writeEnvironmentFile>> | undefined;
    if (args.write) {
      const context = await createAppContext(args);
      const selection = applySettings(selectionFromEnvironment(context.environment), settings);
      written = await writeEnvironmentFile(
        context.environmentFilePath,
        environmentUpdates(selection),
        new Date(),
      );
    }
    if (args.json) {
      printJson({ template: template.id, settings, requires: template.requires, written });
      return;
    }
    for (const [key, value] of Object.entries(settings)) console.log(`${key}=${value}`);
    if (written)
      console.log(`# wrote ${written.path}${written.backupPath ? ` (backup ${written.backupPath})` : ''}`);
    console.log(`# requires: ${template.requirementNotes.join(' ')}`);
  }),
});

export const templatesCommand = defineCommand({
  meta: { name: 'templates', description: 'The ten built-in configurations' },
  subCommands: { list: listCommand, show: showCommand, apply: applyCommand },
});

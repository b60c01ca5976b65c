import { defineCommand, runMain } from 'citty';
import { sharedArguments } from './app-context';
import { moveLeadingOptions } from './command-line';
import { fetchModelsCommand } from './commands/fetch-models-command';
import { interactiveCommand } from './commands/interactive-command';
import { modelsCommand } from './commands/models-command';
import { modesCommand } from './commands/modes-command';
import { recommendCommand } from './commands/recommend-command';
import { templatesCommand } from './commands/templates-command';
import { usagePrinter } from '@ccp/config';
import { shouldUseColor } from './terminal-style';

const main = defineCommand({
  meta: {
    name: 'ccp-select',
    version: '0.1.0',
    description: 'Pick the models ccp routes Claude Code to; manage templates and modes',
  },
  // Declared here too, so `ccp-select --env-file x.env` opens the default command with them.
  args: sharedArguments,
  subCommands: {
    interactive: interactiveCommand,
    models: modelsCommand,
    templates: templatesCommand,
    recommend: recommendCommand,
    modes: modesCommand,
    'fetch-models': fetchModelsCommand,
    'configure-prompt-injection': () =>
      import('./commands/configure-prompt-injection').then(
        (module) => module.configurePromptInjectionCommand,
      ),
  },
  default: 'interactive',
});

const valueFlags = new Set(
  Object.entries(sharedArguments)
    .filter(([, argument]) => argument.type === 'string')
    .map(([name]) => name),
);
await runMain(main, {
  rawArgs: moveLeadingOptions(process.argv.slice(2), valueFlags),
  // Help is coloured exactly when the rest of the selector's output would be.
  showUsage: usagePrinter({
    color: () => shouldUseColor({ isTerminal: process.stdout.isTTY === true, env: process.env }),
    write: (text) => process.stdout.write(text),
  }),
});

import { settingOrigin } from '@ccp/config';
import { defineCommand } from 'citty';
import { createAppContext, guarded, sharedArguments } from '../app-context';
import { runSelectorSession } from '../interactive/selector-session';
import { createTerminalIo } from '../interactive/session-io';
import { selectionFromEnvironment } from '../selection';
import { readUsage } from '../usage-report';

export const interactiveCommand = defineCommand({
  meta: { name: 'interactive', description: 'The interactive menu (the default when no command is given)' },
  args: { ...sharedArguments },
  run: guarded(async (args) => {
    const context = await createAppContext(args);
    const io = createTerminalIo(process.stdin, process.stdout);
    const initialSelection = selectionFromEnvironment(context.environment);
    const initialOrigins = Object.fromEntries(
      Object.keys(initialSelection).map((key) => [key, settingOrigin(context.layers, key)]),
    );
    try {
      await runSelectorSession({
        io,
        catalog: context.catalog,
        modeStore: context.modeStore,
        environmentFilePath: context.environmentFilePath,
        initialSelection,
        initialOrigins,
        environment: context.environment,
        includeMarketplace: context.includeMarketplace,
        style: context.style,
        now: () => new Date(),
        readUsage: () =>
          readUsage({ metering: context.settings.metering, baseDirectory: context.baseDirectory, days: 30 }),
      });
    } finally {
      io.close();
    }
  }),
});

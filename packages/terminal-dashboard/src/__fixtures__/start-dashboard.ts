// Starts the terminal dashboard on this terminal against the feed URL given as the first
// argument, with every module, for the real-terminal test of the UI; with `default-modules` as
// the second argument it leaves the modules to the dashboard's defaults for the terminal's size.
import { runTerminalDashboard } from '../run-dashboard';

const url = process.argv[2];
if (!url) throw new Error('Pass the feed URL, e.g. ws://127.0.0.1:8082/feed');
const dashboard = runTerminalDashboard({
  feed: { url },
  ...(process.argv[3] === 'default-modules'
    ? {}
    : {
        modules: [
          { id: 'performance', mode: 'dense' },
          { id: 'activity', mode: 'sparse' },
          { id: 'routing', mode: 'dense' },
          { id: 'analytics', mode: 'dense' },
        ],
      }),
  refreshMs: 100,
  input: process.stdin,
  output: process.stdout,
});
await dashboard.closed;
process.exit(0);

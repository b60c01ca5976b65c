// Child process for the modes tests: `save <file> <name>` saves one mode;
// `loop <file> <name>` saves forever, printing a line after each save, until killed.
import { createModeStore } from '../mode-store';

const [command, filePath, name] = process.argv.slice(2);
if (!filePath || !name) throw new Error('usage: save|loop <file> <name>');
const store = createModeStore({ filePath, onWarning: (message) => console.error(message) });
if (command === 'save') {
  await store.save({ name, settings: { BIG_MODEL: `model-of-${name}` } });
} else {
  for (let round = 0; ; round++) {
    await store.save({ name: `${name}-${round % 5}`, settings: { BIG_MODEL: `round-${round}`, VERBOSITY: 'x'.repeat(2000) } });
    console.log(`saved ${round}`);
  }
}

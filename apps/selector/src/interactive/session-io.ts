import { createInterface } from 'node:readline';

/** How the interactive session talks to the user; the terminal one is below, tests may use their own. */
export type SessionIo = {
  /** Shows a prompt and resolves with the next line, or undefined when input has ended. */
  ask(prompt: string): Promise<string | undefined>;
  print(text: string): void;
  /** Terminal height, for the page size. */
  rows(): number;
  close(): void;
};

/**
 * Line input with node:readline. Lines are queued so input that arrives before the prompt
 * (pasted or sent by tmux send-keys) is not lost, and end of input resolves `undefined`.
 */
export function createTerminalIo(input: NodeJS.ReadableStream, output: NodeJS.WriteStream): SessionIo {
  const terminal = Boolean(output.isTTY && 'isTTY' in input && input.isTTY);
  const lines = createInterface({ input, output, terminal });
  const queued: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let closed = false;
  lines.on('line', (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  lines.on('close', () => {
    closed = true;
    for (const next of waiting.splice(0)) next(undefined);
  });
  // Ctrl-C ends the session like q does.
  lines.on('SIGINT', () => lines.close());
  return {
    ask(prompt) {
      const line = queued.shift();
      if (line !== undefined) {
        // A terminal already echoed what was typed ahead; piped input is echoed for a readable transcript.
        if (!terminal) output.write(`${prompt}${line}\n`);
        return Promise.resolve(line);
      }
      if (closed) return Promise.resolve(undefined);
      lines.setPrompt(prompt);
      lines.prompt();
      return new Promise((resolve) => waiting.push(resolve));
    },
    print(text) {
      output.write(`${text}\n`);
    },
    rows: () => output.rows ?? 24,
    close: () => lines.close(),
  };
}

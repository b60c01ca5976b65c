import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const packageName = '@anthropic-ai/claude-code';

export interface InstalledClaudeCode {
  version: string;
  /** The `claude` executable (a JS entry before 2.1, a native binary placed by postinstall after). */
  binary: string;
  /** What `claude --version` printed. */
  reportedVersion: string;
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function installedVersion(directory: string): string | undefined {
  const manifest = join(directory, 'node_modules', packageName, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
}

/**
 * Installs one Claude Code version from npm into `<cacheRoot>/<version>` (once; later runs reuse
 * it) and checks that its `claude --version` runs. The folder gets its own package.json that
 * allows the CLI's install script: from 2.1 on, postinstall places the native binary, and
 * npm 11 skips dependency install scripts that are not listed in `allowScripts`.
 */
export async function installClaudeCode(version: string, cacheRoot: string): Promise<InstalledClaudeCode> {
  const directory = join(cacheRoot, version);
  const binary = join(directory, 'node_modules', '.bin', 'claude');
  if (installedVersion(directory) !== version || !existsSync(binary)) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(
      join(directory, 'package.json'),
      `${JSON.stringify(
        {
          name: `ccp-compat-claude-code-${version}`,
          private: true,
          dependencies: { [packageName]: version },
          allowScripts: { [packageName]: true },
        },
        null,
        2,
      )}\n`,
    );
    const install = await run(
      'npm',
      ['install', '--prefix', directory, '--no-audit', '--no-fund', '--loglevel=error'],
      directory,
    );
    if (install.code !== 0) {
      throw new Error(
        `npm install ${packageName}@${version} failed (exit ${install.code}):\n${install.output}`,
      );
    }
  }
  const check = await run(binary, ['--version'], directory);
  const reportedVersion = check.output.trim();
  if (check.code !== 0 || !reportedVersion.startsWith(version)) {
    throw new Error(
      `${binary} --version did not report ${version} (exit ${check.code}): ${reportedVersion.slice(0, 400)}`,
    );
  }
  return { version, binary, reportedVersion };
}

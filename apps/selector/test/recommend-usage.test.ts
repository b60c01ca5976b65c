import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli';
import { seedUsage, usageRecord } from './seed-usage';

const shipped = JSON.parse(
  await readFile(join(import.meta.dirname, '../../../models/openrouter_models.json'), 'utf8'),
) as {
  models: {
    id: string;
    local: boolean;
    free: boolean;
    tools: boolean;
    reasoning: boolean;
    contextWindow: number | null;
  }[];
};
const byId = new Map(shipped.models.map((model) => [model.id, model]));

type Alternative = { id: string; projectedCostUsd: number; savingUsd: number | null; reasons: string[] };
type Report = {
  database: string;
  days: number;
  user: { username: string } | null;
  requests: number;
  recommendations: {
    model: string;
    provider: string;
    catalogId: string | null;
    inferredFamily: string | null;
    requests: number;
    currentCostUsd: number | null;
    costBasis: string;
    needs: { tools: boolean; reasoning: boolean; contextTokens: number | null };
    alternatives: Alternative[];
  }[];
};

let cwd: string;
let database: string;

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'ccp-select-usage-'));
  database = join(cwd, 'data', 'ccp.db');
  await seedUsage(database, [
    // Alice works on Claude Sonnet 4 through OpenRouter, thinking on some requests.
    ...Array.from({ length: 4 }, (_, index) => ({
      ...usageRecord({
        routedModel: 'anthropic/claude-sonnet-4',
        provider: 'openrouter',
        inputTokens: 30_000 + index * 1000,
        outputTokens: 2_000,
        thinkingTokens: index % 2 === 0 ? 500 : 0,
        costUsd: 0.12,
      }),
      username: 'alice',
    })),
    // Bob sends a model the catalog does not know, so its cost was not recorded.
    {
      ...usageRecord({ routedModel: 'gpt-5.3', provider: 'openai', costUsd: null, route: 'big' }),
      username: 'bob',
    },
    // Local requests cost nothing and need no alternative.
    { ...usageRecord({ routedModel: 'qwen3:8b', provider: 'ollama', costUsd: 0 }), username: 'bob' },
  ]);
});

async function report(args: string[], env: Record<string, string> = {}): Promise<Report> {
  const result = await runCli(['recommend', '--from-usage', '--json', ...args], { cwd, env });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('ccp-select recommend --from-usage', () => {
  it("reads the proxy's default store and suggests cheaper models that meet what was sent", async () => {
    const output = await report([]);
    expect(output.database).toBe(`file:${database}`);
    expect(output.requests).toBe(6);
    expect(output.recommendations.map((each) => each.model)).toEqual([
      'anthropic/claude-sonnet-4',
      'gpt-5.3',
    ]);
    const [sonnet] = output.recommendations;
    expect(sonnet).toMatchObject({
      provider: 'openrouter',
      catalogId: 'anthropic/claude-sonnet-4',
      requests: 4,
      costBasis: 'recorded',
      needs: { tools: true, reasoning: true, contextTokens: 33_000 + 1024 },
    });
    expect(sonnet?.currentCostUsd).toBeCloseTo(0.48, 10);
    expect(sonnet?.alternatives.length).toBe(3);
    for (const alternative of sonnet?.alternatives ?? []) {
      const model = byId.get(alternative.id);
      expect(model?.tools && model.reasoning, alternative.id).toBe(true);
      expect(model?.contextWindow).toBeGreaterThanOrEqual(34_024);
      expect(alternative.projectedCostUsd).toBeLessThan(0.48);
      expect(alternative.savingUsd).toBeCloseTo(0.48 - alternative.projectedCostUsd, 10);
    }
  });

  it('judges an unknown model by its family and offers only free models for it', async () => {
    const output = await report(['--user', 'bob']);
    expect(output.user?.username).toBe('bob');
    expect(output.requests).toBe(2);
    const [unknown] = output.recommendations;
    expect(unknown).toMatchObject({ model: 'gpt-5.3', catalogId: null, inferredFamily: 'openai-reasoning' });
    expect(unknown?.currentCostUsd).toBeNull();
    expect(unknown?.alternatives.length).toBeGreaterThan(0);
    for (const alternative of unknown?.alternatives ?? []) {
      expect(byId.get(alternative.id)?.free).toBe(true);
      expect(alternative.savingUsd).toBeNull();
    }
  });

  it('stays local with --local, and reads the store METERING_DB_URL names', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'ccp-select-elsewhere-'));
    const result = await runCli(['recommend', '--from-usage', '--local', '--json', '--user', 'alice'], {
      cwd: elsewhere,
      env: { METERING_DB_URL: `file:${database}` },
    });
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout) as Report;
    const alternatives = output.recommendations.flatMap((each) => each.alternatives);
    expect(alternatives.length).toBeGreaterThan(0);
    expect(alternatives.every((alternative) => byId.get(alternative.id)?.local)).toBe(true);
  });

  it('prints the saving and the reasons as text', async () => {
    const result = await runCli(['recommend', '--from-usage', '--user', 'alice'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage of the last 30 day\(s\), user alice: 4 request\(s\)/);
    expect(result.stdout).toMatch(
      /anthropic\/claude-sonnet-4 @openrouter: 4 request\(s\), 126K in \/ 8K out, \$0\.48/,
    );
    expect(result.stdout).toMatch(/needs tool calls .*reasoning \(2 of 4 requests thought\)/);
    expect(result.stdout).toMatch(/instead of \$0\.48: saves \$/);
  });

  it('says what to do when there is no store, an unknown user, or no model given', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'ccp-select-none-'));
    const missing = await runCli(['recommend', '--from-usage'], { cwd: empty });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^error: No metering database at .*data\/ccp\.db\. Usage recommendations read what the proxy recorded/,
    );
    const nobody = await runCli(['recommend', '--from-usage', '--user', 'carol'], { cwd });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/No user "carol" in .*Users: alice, bob\./);
    const bare = await runCli(['recommend'], { cwd });
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/Give a model id .*--from-usage/);
    for (const result of [missing, nobody, bare]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('ccp-select recommend <model the catalog lacks>', () => {
  it('works from the family name and says so', async () => {
    const result = await runCli(['recommend', 'openai/gpt-5.3', '--free', '--limit', '3'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/openai\/gpt-5\.3 is not in the model catalog: .*family openai-reasoning/);
    expect(
      result.stdout
        .trim()
        .split('\n')
        .filter((line) => /^\s*\d+ /.test(line)),
    ).toHaveLength(3);
    const typo = await runCli(['recommend', 'acme/zzz-unknown'], { cwd });
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/matches no model family/);
  });
});

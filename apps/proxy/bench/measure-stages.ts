import { performance } from 'node:perf_hooks';
import {
  convertAnthropicRequestToOpenAI,
  countAnthropicRequestTokens,
  estimateRequestTokensQuickly,
  parseAnthropicMessagesRequest,
  TokenEstimateCache,
} from '@ccp/convert';

export type StageTimes = {
  /** Request body bytes. */
  bytes: number;
  /** Median ms per call of each stage the proxy runs on a request before it calls the upstream. */
  stages: Array<{ stage: string; medianMs: number }>;
};

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function timeStage(rounds: number, work: () => unknown): number {
  for (let round = 0; round < Math.min(50, rounds); round++) work();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * The request-side stages of the proxy, one by one, in this process: where the added latency
 * of a big request comes from.
 */
export function measureRequestStages(bodyText: string, rounds: number): StageTimes {
  const parsedJson = JSON.parse(bodyText) as unknown;
  const request = parseAnthropicMessagesRequest(parsedJson);
  const options = { model: 'fake-model', stream: request.stream === true };
  const converted = convertAnthropicRequestToOpenAI(request, options).request;
  const warmCache = new TokenEstimateCache();
  estimateRequestTokensQuickly(request, warmCache);
  return {
    bytes: Buffer.byteLength(bodyText),
    stages: [
      { stage: 'JSON.parse of the Anthropic body', medianMs: timeStage(rounds, () => JSON.parse(bodyText)) },
      {
        stage: '`parseAnthropicMessagesRequest` (valibot)',
        medianMs: timeStage(rounds, () => parseAnthropicMessagesRequest(parsedJson)),
      },
      {
        stage: '`convertAnthropicRequestToOpenAI`',
        medianMs: timeStage(rounds, () => convertAnthropicRequestToOpenAI(request, options)),
      },
      {
        stage: '`countAnthropicRequestTokens` (what count_tokens uses)',
        medianMs: timeStage(rounds, () => countAnthropicRequestTokens(request)),
      },
      {
        stage: '`estimateRequestTokensQuickly`, fresh cache (a first turn)',
        medianMs: timeStage(rounds, () => estimateRequestTokensQuickly(request, new TokenEstimateCache())),
      },
      {
        stage: '`estimateRequestTokensQuickly`, warm cache (later turns: the proxy keeps one cache)',
        medianMs: timeStage(rounds, () => estimateRequestTokensQuickly(request, warmCache)),
      },
      {
        stage: 'JSON.stringify of the OpenAI body',
        medianMs: timeStage(rounds, () => JSON.stringify(converted)),
      },
    ],
  };
}

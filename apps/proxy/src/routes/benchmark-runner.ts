import type { BenchmarkPrompt, BenchmarkPromptOutcome, RunPrompt } from './benchmark-routes';

type MessagesHandler = (request: Request, context: { userId: string | null; requestId?: string }) => Promise<Response>;

/**
 * Runs benchmark prompts through the proxy's own pipeline (routing, conversion, upstream) as a
 * streamed request, outside any user's quota, and measures time to first token.
 */
export function createBenchmarkRunner(handleMessages: MessagesHandler): RunPrompt {
  return async (model: string, prompt: BenchmarkPrompt): Promise<BenchmarkPromptOutcome> => {
    const started = performance.now();
    let firstTokenAt: number | null = null;
    let outputTokens = 0;
    try {
      const response = await handleMessages(
        new Request('http://ccp.internal/v1/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...prompt.request, model, stream: true }),
        }),
        { userId: null },
      );
      if (!response.body) throw new Error('empty response');
      const decoder = new TextDecoder();
      let buffered = '';
      let failure: string | undefined;
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk, { stream: true });
        let boundary = buffered.indexOf('\n\n');
        while (boundary !== -1) {
          const frame = buffered.slice(0, boundary);
          buffered = buffered.slice(boundary + 2);
          boundary = buffered.indexOf('\n\n');
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as {
            type: string;
            usage?: { output_tokens?: number };
            error?: { message?: string };
          };
          if (event.type === 'content_block_delta' && firstTokenAt === null) firstTokenAt = performance.now();
          if (event.type === 'message_delta') outputTokens = event.usage?.output_tokens ?? outputTokens;
          if (event.type === 'error') failure = event.error?.message ?? 'stream error';
        }
      }
      const totalMs = performance.now() - started;
      return {
        ttftMs: firstTokenAt === null ? null : firstTokenAt - started,
        totalMs,
        outputTokens,
        ok: failure === undefined,
        ...(failure ? { error: failure } : {}),
      };
    } catch (error) {
      const message =
        error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
      return { ttftMs: null, totalMs: performance.now() - started, outputTokens, ok: false, error: message };
    }
  };
}

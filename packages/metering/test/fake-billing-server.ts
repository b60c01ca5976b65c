// Test support: one loopback HTTP server answering like OpenRouter, OpenAI and Anthropic billing
// APIs (response shapes from their public API references), with a switch to make them fail.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const fakeKeys = {
  openrouter: 'sk-or-v1-fake-openrouter-key',
  /** An ordinary (non-management) OpenRouter key: `/key` works, `/credits` is refused. */
  openrouterInference: 'sk-or-v1-fake-inference-key',
  openai: 'sk-admin-fake-openai-key',
  anthropic: 'sk-ant-admin01-fake-anthropic-key',
};

export interface SeenRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

const daySeconds = 86_400;
const firstDay = Date.UTC(2026, 10, 20) / 1000;

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function openAIBucket(day: number, results: unknown[]) {
  return {
    object: 'bucket',
    start_time: firstDay + day * daySeconds,
    end_time: firstDay + (day + 1) * daySeconds,
    results,
  };
}

function anthropicBucket(day: number, results: unknown[]) {
  const start = new Date((firstDay + day * daySeconds) * 1000).toISOString().replace('.000Z', 'Z');
  const end = new Date((firstDay + (day + 1) * daySeconds) * 1000).toISOString().replace('.000Z', 'Z');
  return { starting_at: start, ending_at: end, results };
}

function openAICost(value: number) {
  return {
    object: 'organization.costs.result',
    amount: { value, currency: 'usd' },
    line_item: null,
    project_id: null,
  };
}

function openAIUsage(model: string, input: number, output: number, cached: number, requests: number) {
  return {
    object: 'organization.usage.completions.result',
    input_tokens: input,
    output_tokens: output,
    input_cached_tokens: cached,
    num_model_requests: requests,
    project_id: null,
    user_id: null,
    api_key_id: null,
    model,
    batch: null,
  };
}

function anthropicCost(cents: string, description: string) {
  return {
    currency: 'USD',
    amount: cents,
    workspace_id: null,
    description,
    cost_type: 'tokens',
    context_window: '0-200k',
    model: 'claude-sonnet-4-5',
    service_tier: 'standard',
    token_type: 'uncached_input_tokens',
  };
}

function route(request: IncomingMessage, response: ServerResponse, url: URL) {
  const bearer = request.headers.authorization?.replace(/^Bearer /, '');
  const path = url.pathname;
  if (path.startsWith('/api/v1/')) {
    if (bearer !== fakeKeys.openrouter && bearer !== fakeKeys.openrouterInference) {
      return send(response, 401, { error: { message: 'No auth credentials found', code: 401 } });
    }
    if (path === '/api/v1/credits' && bearer !== fakeKeys.openrouter) {
      return send(response, 403, {
        error: { message: 'Only management keys can perform this operation', code: 403 },
      });
    }
    if (path === '/api/v1/credits') {
      return send(response, 200, { data: { total_credits: 100.5, total_usage: 25.75 } });
    }
    if (path === '/api/v1/key') {
      return send(response, 200, {
        data: {
          label: 'sk-or-v1-fak...key',
          limit: 50,
          limit_remaining: 24.5,
          limit_reset: 'monthly',
          usage: 25.5,
          usage_daily: 1.25,
          usage_weekly: 6.5,
          usage_monthly: 25.5,
          is_free_tier: false,
          is_provisioning_key: false,
          rate_limit: {
            requests: 1000,
            interval: '1h',
            note: 'This field is deprecated and safe to ignore.',
          },
        },
      });
    }
  }
  if (path.startsWith('/v1/organization/')) {
    if (bearer !== fakeKeys.openai) {
      return send(response, 401, {
        error: {
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      });
    }
    const secondPage = url.searchParams.get('page') === 'page-2';
    if (path === '/v1/organization/costs') {
      return send(response, 200, {
        object: 'page',
        data: secondPage
          ? [openAIBucket(2, [openAICost(0.5)])]
          : [openAIBucket(0, [openAICost(1.25), openAICost(0.25)]), openAIBucket(1, [])],
        has_more: !secondPage,
        next_page: secondPage ? null : 'page-2',
      });
    }
    if (path === '/v1/organization/usage/completions') {
      return send(response, 200, {
        object: 'page',
        data: [
          openAIBucket(0, [
            openAIUsage('gpt-4o', 1000, 500, 800, 5),
            openAIUsage('gpt-4o-mini', 10, 5, 0, 1),
          ]),
          openAIBucket(1, [openAIUsage('gpt-4o', 2000, 100, 0, 2)]),
        ],
        has_more: false,
        next_page: null,
      });
    }
  }
  if (path.startsWith('/v1/organizations/')) {
    if (request.headers['x-api-key'] !== fakeKeys.anthropic || !request.headers['anthropic-version']) {
      return send(response, 401, {
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      });
    }
    if (path === '/v1/organizations/cost_report') {
      return send(response, 200, {
        data: [
          anthropicBucket(0, [
            anthropicCost('123.45', 'Claude Sonnet 4.5 Usage - Input Tokens'),
            anthropicCost('76.55', 'Output'),
          ]),
          anthropicBucket(1, [anthropicCost('50', 'Claude Sonnet 4.5 Usage - Input Tokens')]),
        ],
        has_more: false,
        next_page: null,
      });
    }
    if (path === '/v1/organizations/usage_report/messages') {
      return send(response, 200, {
        data: [
          anthropicBucket(0, [
            {
              uncached_input_tokens: 1500,
              cache_creation: { ephemeral_1h_input_tokens: 100, ephemeral_5m_input_tokens: 50 },
              cache_read_input_tokens: 200,
              output_tokens: 500,
              server_tool_use: { web_search_requests: 0 },
              api_key_id: null,
              workspace_id: null,
              model: 'claude-sonnet-4-5',
              service_tier: null,
              context_window: null,
            },
          ]),
        ],
        has_more: false,
        next_page: null,
      });
    }
  }
  send(response, 404, { error: { message: `Unknown path ${path}` } });
}

/** Starts the fake on 127.0.0.1 with a free port. `failWith` makes every answer that status. */
export async function startFakeBillingServer() {
  const seen: SeenRequest[] = [];
  const state: { failWith: number | null } = { failWith: null };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    seen.push({ path: url.pathname, query: url.searchParams, headers: request.headers });
    if (state.failWith !== null) {
      return send(response, state.failWith, {
        error: { message: 'The server had an error processing your request.' },
      });
    }
    route(request, response, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

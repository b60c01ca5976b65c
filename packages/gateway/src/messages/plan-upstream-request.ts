import {
  type AnthropicMessagesRequest,
  type ConversionWarning,
  convertAnthropicRequestToOpenAI,
  type OpenAIChatRequest,
  restoreToolName,
  type ToolNameMap,
} from '@ccp/convert';
import {
  applyReasoningPlan,
  completeReasoningEcho,
  createReasoningEcho,
  createThinkingSignature,
  type ModelCapabilities,
  type ProviderDialect,
  planReasoning,
  type ReasoningPlan,
  sanitizeToolSchema,
} from '@ccp/reasoning';
import type { Route } from '../routing/resolve-route';
import { endpointDialect } from '../upstream/upstream-target';
import type { SessionTools } from './session-tools';

export type UpstreamRequestPlan = {
  dialect: ProviderDialect;
  body: OpenAIChatRequest;
  reasoning: ReasoningPlan;
  warnings: Array<ConversionWarning | string>;
  toolNames: ToolNameMap;
  /** Options for turning the upstream answer back into Anthropic form. */
  responseOptions: {
    model: string;
    restoreToolName: (upstreamName: string) => string;
    thinkingSignature: ReturnType<typeof createThinkingSignature>;
    exposeReasoning: boolean;
    recoverTextToolCalls?: { toolNames: readonly string[] };
    implicitThinkOpen?: boolean;
  };
};

export type PlanOptions = {
  /** Overrides the per-dialect default for mid-conversation system messages. */
  lateSystemMessages?: 'keep' | 'merge-into-first' | 'as-user' | undefined;
  /** Catalog knowledge of the upstream model, looked up once the dialect is known. */
  capabilities?: ((model: string, dialect: ProviderDialect) => ModelCapabilities | undefined) | undefined;
  /** Reuses the sanitized schemas of tools the session has seen before. */
  sessionTools?: SessionTools | undefined;
  /** A model's dialect at an endpoint, when the caller remembers them; default `endpointDialect`. */
  dialect?: ((endpoint: Route['endpoint'], model: string) => ProviderDialect) | undefined;
};

/**
 * Turns a validated Anthropic request into the exact upstream body for its route: the provider
 * dialect, reasoning parameters, schema sanitising and the thinking hand-off.
 */
export function planUpstreamRequest(
  request: AnthropicMessagesRequest,
  route: Route,
  options: PlanOptions = {},
): UpstreamRequestPlan {
  const model = route.model;
  const dialect = (options.dialect ?? endpointDialect)(route.endpoint, model);
  const streamed = request.stream === true;
  const reasoning = planReasoning({
    dialect,
    model,
    intent: {
      thinking: request.thinking,
      effort: request.output_config?.effort,
      maxTokens: request.max_tokens,
    },
    settings: route.reasoning,
    capabilities: options.capabilities?.(model, dialect),
    stream: streamed,
  });
  const conversion = convertAnthropicRequestToOpenAI(request, {
    model,
    stream: streamed,
    lateSystemMessages: options.lateSystemMessages ?? reasoning.traits.lateSystemMessages,
    keepCacheControl: reasoning.traits.acceptsCacheControl,
    supportsTopK: reasoning.traits.acceptsTopK,
    transformToolSchema: (schema) =>
      options.sessionTools
        ? options.sessionTools.sanitizedSchema(schema, dialect, model, (open) =>
            sanitizeToolSchema(open, dialect, model),
          )
        : sanitizeToolSchema(schema, dialect, model),
    echoReasoning: createReasoningEcho({ dialect, model }),
  });
  const body = applyReasoningPlan(
    completeReasoningEcho(conversion.request, dialect),
    reasoning,
  ) as OpenAIChatRequest;
  const toolNames = conversion.toolNames;
  return {
    dialect,
    body,
    reasoning,
    warnings: [...conversion.warnings, ...reasoning.warnings],
    toolNames,
    responseOptions: {
      model: request.model,
      restoreToolName: (name) => restoreToolName(toolNames, name),
      thinkingSignature: createThinkingSignature({ dialect, model }),
      exposeReasoning: reasoning.exposeReasoning,
      // Small local models often print a tool call as text instead of making it.
      ...(reasoning.traits.printsToolCallsAsText && body.tools?.length
        ? { recoverTextToolCalls: { toolNames: body.tools.map((tool) => tool.function.name) } }
        : {}),
      // Their chat templates open <think> themselves, so the answer starts mid-thought.
      ...(reasoning.traits.templateOpensThink ? { implicitThinkOpen: true } : {}),
    },
  };
}

import type { Context } from 'hono';
import * as v from 'valibot';

/** Anthropic error types the /api routes answer with. */
export type ApiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'api_error';

const statusByType: Record<ApiErrorType, 400 | 401 | 403 | 404 | 429 | 500> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  rate_limit_error: 429,
  api_error: 500,
};

/**
 * A failure of an /api route that renders itself in Anthropic's error envelope.
 *
 * @example
 * throw new ApiRouteError('not_found_error', 'No user with id "usr_x".');
 */
export class ApiRouteError extends Error {
  readonly type: ApiErrorType;
  readonly status: number;

  constructor(type: ApiErrorType, message: string, status?: number) {
    super(message);
    this.name = 'ApiRouteError';
    this.type = type;
    this.status = status ?? statusByType[type];
  }

  toResponse(): Response {
    return apiErrorResponse(this.type, this.message, this.status);
  }
}

/** `{type:"error",error:{type,message}}` with the matching status. */
export function apiErrorResponse(
  type: ApiErrorType,
  message: string,
  status: number = statusByType[type],
): Response {
  return new Response(JSON.stringify({ type: 'error', error: { type, message } }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/**
 * The `onError` of every /api sub-app: known failures keep their status, anything else becomes
 * a 500 without internals (no stack, no message that might hold a secret).
 */
export function renderApiError(error: Error, _context: Context): Response {
  if (error instanceof ApiRouteError) return error.toResponse();
  if (error instanceof SyntaxError) {
    return apiErrorResponse('invalid_request_error', 'The request body is not valid JSON.');
  }
  return apiErrorResponse(
    'api_error',
    'The metering store failed to answer; check the proxy log and the metering database, then retry.',
  );
}

/**
 * Validates the query string against a valibot object schema; a 400 names the parameter.
 *
 * @example
 * const { days } = parseQuery(c, v.object({ days: daysParameter(7) }));
 */
export function parseQuery<TSchema extends v.GenericSchema>(
  context: Context,
  schema: TSchema,
): v.InferOutput<TSchema> {
  const query: Record<string, string | string[]> = {};
  for (const [name, values] of Object.entries(context.req.queries())) {
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  const result = v.safeParse(schema, query);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const name = issue.path?.map((item) => String(item.key)).join('.') ?? 'query';
  throw new ApiRouteError('invalid_request_error', `Query parameter "${name}": ${issue.message}`);
}

/** Validates a JSON body; a 400 names the field. */
export async function parseJsonBody<TSchema extends v.GenericSchema>(
  context: Context,
  schema: TSchema,
): Promise<v.InferOutput<TSchema>> {
  let body: unknown;
  try {
    body = await context.req.json();
  } catch {
    throw new ApiRouteError('invalid_request_error', 'The request body must be a JSON object.');
  }
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const name = issue.path?.map((item) => String(item.key)).join('.');
  throw new ApiRouteError(
    'invalid_request_error',
    name ? `Field "${name}": ${issue.message}` : issue.message,
  );
}

/** An optional whole number query parameter within [min, max], given as a string. */
export function wholeNumberParameter(options: {
  defaultValue: number;
  min: number;
  max: number;
  unit: string;
}) {
  const expectation = `must be a whole number of ${options.unit} from ${options.min} to ${options.max}`;
  return v.optional(
    v.pipe(
      v.string(`${expectation}, given once`),
      v.regex(/^\d+$/, `${expectation}`),
      v.transform(Number),
      v.minValue(options.min, expectation),
      v.maxValue(options.max, expectation),
    ),
    String(options.defaultValue),
  );
}

/** `days`: 1 to 365, default as given. */
export function daysParameter(defaultValue: number) {
  return wholeNumberParameter({ defaultValue, min: 1, max: 365, unit: 'days' });
}

import { AnthropicApiError } from '@ccp/convert';
import type { Context } from 'hono';
import * as v from 'valibot';

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
  throw AnthropicApiError.fromStatus(400, `Query parameter "${name}": ${issue.message}`);
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
    throw AnthropicApiError.fromStatus(400, 'The request body must be a JSON object.');
  }
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const name = issue.path?.map((item) => String(item.key)).join('.');
  throw AnthropicApiError.fromStatus(400, name ? `Field "${name}": ${issue.message}` : issue.message);
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

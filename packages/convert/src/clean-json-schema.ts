export type JsonSchemaCleanupOptions = {
  /** Keywords to remove wherever they appear as schema keywords (never as property names). */
  removeKeywords?: readonly string[];
  /** `format` values to remove (`true`: every `format`). */
  removeFormats?: readonly string[] | true;
};

/** Keywords whose value is one schema. */
const schemaValued = new Set([
  'items',
  'additionalProperties',
  'additionalItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
]);
/** Keywords whose value is a list of schemas. */
const schemaListValued = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items']);
/** Keywords whose value maps names to schemas. */
const schemaMapValued = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of a JSON schema without the keywords and formats a provider rejects (Gemini-compatible
 * endpoints reject `$schema`, `$comment`, `additionalProperties`; strict OpenAI rejects some
 * `format`s; PEERS #20). Walks nested schemas only, so a property named `format` stays.
 * Meant for `RequestConversionOptions.transformToolSchema`.
 *
 * @example
 * const transformToolSchema = (schema) =>
 *   cleanJsonSchema(schema, { removeKeywords: ['$schema', '$comment', 'additionalProperties'], removeFormats: ['uri'] });
 */
export function cleanJsonSchema(
  schema: Record<string, unknown>,
  options: JsonSchemaCleanupOptions,
): Record<string, unknown> {
  const removeKeywords = new Set(options.removeKeywords ?? []);
  const removeFormats = options.removeFormats;
  const clean = (node: unknown): unknown => {
    if (typeof node === 'boolean' || !isRecord(node)) return node;
    const cleaned: Record<string, unknown> = {};
    for (const [keyword, value] of Object.entries(node)) {
      if (removeKeywords.has(keyword)) continue;
      if (keyword === 'format' && typeof value === 'string' && removeFormats) {
        if (removeFormats === true || removeFormats.includes(value)) continue;
      }
      if (schemaListValued.has(keyword) && Array.isArray(value)) cleaned[keyword] = value.map(clean);
      else if (schemaValued.has(keyword)) cleaned[keyword] = clean(value);
      else if (schemaMapValued.has(keyword) && isRecord(value))
        cleaned[keyword] = Object.fromEntries(
          Object.entries(value).map(([name, child]) => [name, clean(child)]),
        );
      else cleaned[keyword] = value;
    }
    return cleaned;
  };
  return clean(schema) as Record<string, unknown>;
}

import type { ProviderDialect } from './provider-dialect';

type _Schema = Record<string, unknown>;

/** Keywords whose value is a map of name → subschema. */
const _mapKeywords = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is one subschema (or, for `items`, possibly a list). */
const _schemaKeywords = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
]);
/** Keywords whose value is a list of subschemas. */
const _listKeywords = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);

/** String formats OpenAI's function schemas accept; others (`uri`, `regex`, …) are rejected. */
const _openaiFormats = new Set([
  'date-time',
  'time',
  'date',
  'duration',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'uuid',
]);
/** Formats Gemini's schema subset accepts. */
const _geminiFormats = new Set(['date-time', 'enum', 'float', 'double', 'int32', 'int64']);
/** Keywords outside Gemini's OpenAPI subset; each makes the request fail there. */
const _geminiRejected = [
  '$schema',
  '$id',
  '$comment',
  '$anchor',
  'additionalProperties',
  'unevaluatedProperties',
  'patternProperties',
  'dependentRequired',
  'dependentSchemas',
  'propertyNames',
  'default',
  'examples',
  'if',
  'then',
  'else',
  'not',
  'contains',
  'contentEncoding',
  'contentMediaType',
  'readOnly',
  'writeOnly',
  'deprecated',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'additionalItems',
  'prefixItems',
  'const',
];

function _isObject(value: unknown): value is _Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function _copyData(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/** Rebuilds a schema bottom-up, calling `visit` on every (already rebuilt) subschema. */
function _walk(node: unknown, visit: (schema: _Schema) => _Schema): unknown {
  if (!_isObject(node)) return _copyData(node);
  const out: _Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (_mapKeywords.has(key) && _isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, _walk(sub, visit)]));
    } else if ((_schemaKeywords.has(key) || _listKeywords.has(key)) && Array.isArray(value)) {
      out[key] = value.map((sub) => _walk(sub, visit));
    } else if (_schemaKeywords.has(key)) {
      out[key] = _walk(value, visit);
    } else {
      out[key] = _copyData(value);
    }
  }
  return visit(out);
}

function _openaiVisit(schema: _Schema): _Schema {
  const { $schema: _dropped, ...rest } = schema;
  if (typeof rest.format === 'string' && !_openaiFormats.has(rest.format)) delete rest.format;
  return rest;
}

function _genericVisit(schema: _Schema): _Schema {
  const { $schema: _dropped, ...rest } = schema;
  return rest;
}

function _geminiVisit(schema: _Schema): _Schema {
  const out: _Schema = { ...schema };
  if ('const' in out && !('enum' in out)) out.enum = [out.const];
  for (const key of _geminiRejected) delete out[key];
  delete out.$defs;
  delete out.definitions;
  if (typeof out.format === 'string' && !_geminiFormats.has(out.format)) delete out.format;
  if (Array.isArray(out.type)) {
    const types = out.type.filter((type): type is string => typeof type === 'string' && type !== 'null');
    if (types.length < out.type.length) out.nullable = true;
    if (types.length <= 1) {
      if (types[0] === undefined) delete out.type;
      else out.type = types[0];
    } else {
      delete out.type;
      out.anyOf = types.map((type) => ({ type }));
    }
  }
  // Gemini rejects `required` names that are not among the properties.
  if (Array.isArray(out.required)) {
    const properties = _isObject(out.properties) ? out.properties : {};
    out.required = out.required.filter((name) => typeof name === 'string' && name in properties);
    if ((out.required as unknown[]).length === 0) delete out.required;
  }
  return out;
}

/** Replaces local `$ref`s (`#/$defs/x`, `#/definitions/x`) by their target; cycles become `{type: "object"}`. */
function _inlineReferences(root: _Schema): _Schema {
  const definitions: _Schema = {
    ...(_isObject(root.definitions) ? root.definitions : {}),
    ...(_isObject(root.$defs) ? root.$defs : {}),
  };
  const resolve = (node: unknown, seen: ReadonlySet<string>): unknown => {
    if (Array.isArray(node)) return node.map((item) => resolve(item, seen));
    if (!_isObject(node)) return node;
    const reference = node.$ref;
    if (typeof reference === 'string') {
      const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(reference);
      const name = match?.[1];
      const target = name === undefined ? undefined : definitions[name];
      if (name === undefined || !_isObject(target) || seen.has(name)) {
        const { $ref: _dropped, ...rest } = node;
        return { type: 'object', ...rest };
      }
      const { $ref: _dropped, ...siblings } = node;
      return resolve({ ...target, ...siblings }, new Set([...seen, name]));
    }
    const out: _Schema = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === '$defs' || key === 'definitions' ? value : resolve(value, seen);
    }
    return out;
  };
  return resolve(root, new Set()) as _Schema;
}

function _profile(dialect: ProviderDialect, model: string | undefined): 'openai' | 'gemini' | 'generic' {
  if (dialect === 'openai' || dialect === 'azure') return 'openai';
  if (dialect === 'gemini') return 'gemini';
  // OpenRouter passes tool schemas to Google's API as they are.
  if (dialect === 'openrouter' && model?.toLowerCase().startsWith('google/')) return 'gemini';
  return 'generic';
}

/**
 * A copy of a tool's JSON Schema that the dialect accepts: OpenAI/Azure lose `$schema` and the
 * `format` values they reject (`uri`, …); Gemini-backed endpoints get local `$ref`s inlined and lose
 * `additionalProperties`, `$schema`, `$comment`, `default` and the other keywords outside their
 * subset; everyone else loses `$schema` only. Deep, and the input is never changed.
 *
 * @example
 * sanitizeToolSchema({ type: 'object', properties: { url: { type: 'string', format: 'uri' } } }, 'openai');
 * // { type: 'object', properties: { url: { type: 'string' } } }
 */
export function sanitizeToolSchema(
  schema: Record<string, unknown>,
  dialect: ProviderDialect,
  model?: string,
): Record<string, unknown> {
  const profile = _profile(dialect, model);
  if (profile === 'gemini') return _walk(_inlineReferences(schema), _geminiVisit) as _Schema;
  return _walk(schema, profile === 'openai' ? _openaiVisit : _genericVisit) as _Schema;
}

/** What {@link cleanJsonSchema} removes. */
export type JsonSchemaCleanupOptions = {
  /** Keywords to remove wherever they appear as schema keywords (never as property names). */
  removeKeywords?: readonly string[];
  /** `format` values to remove (`true`: every `format`). */
  removeFormats?: readonly string[] | true;
};

/**
 * A copy of a JSON schema without the given keywords and formats, for a provider that
 * {@link sanitizeToolSchema}'s dialect profiles do not cover. Walks nested schemas only, so a
 * property named `format` stays. Deep, and the input is never changed.
 *
 * @example
 * cleanJsonSchema(schema, { removeKeywords: ['$schema', '$comment', 'additionalProperties'], removeFormats: ['uri'] });
 */
export function cleanJsonSchema(
  schema: Record<string, unknown>,
  options: JsonSchemaCleanupOptions,
): Record<string, unknown> {
  const removeKeywords = options.removeKeywords ?? [];
  const removeFormats = options.removeFormats;
  return _walk(schema, (node) => {
    for (const keyword of removeKeywords) delete node[keyword];
    const format = node.format;
    if (
      typeof format === 'string' &&
      removeFormats &&
      (removeFormats === true || removeFormats.includes(format))
    )
      delete node.format;
    return node;
  }) as _Schema;
}

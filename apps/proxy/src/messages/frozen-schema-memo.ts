import type { ProviderDialect } from '@ccp/reasoning';
import { deepFreeze } from './deep-freeze';

type Schema = Record<string, unknown>;

const sanitized = new WeakMap<object, Map<string, Schema>>();

/**
 * `transform(schema)` once per frozen schema, dialect and model: Claude Code's tools arrive
 * frozen when reused (`RepeatedTools`), so their sanitized copies are made on the first turn only
 * and frozen in turn. Schemas that are not frozen could change, and are transformed every time.
 */
export function memoizeFrozenSchema(
  schema: Schema,
  dialect: ProviderDialect,
  model: string,
  transform: (schema: Schema) => Schema,
): Schema {
  if (!Object.isFrozen(schema)) return transform(schema);
  let byTarget = sanitized.get(schema);
  if (!byTarget) {
    byTarget = new Map();
    sanitized.set(schema, byTarget);
  }
  const key = `${dialect}\u0000${model}`;
  let result = byTarget.get(key);
  if (!result) {
    result = transform(schema);
    deepFreeze(result);
    byTarget.set(key, result);
  }
  return result;
}

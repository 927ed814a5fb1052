/** How a parsed document is normalised before the semantic checks and the proto3-JSON cross-check. */

import { type Obj, isObj } from './build-problems';
import { snakeToCamel } from './schema-walker';

/**
 * snake_case field names (which Cloud Build's proto-JSON parser also accepts) turned camelCase, so
 * the semantic checks see `substitution_option` as `substitutionOption`. Map keys such as
 * substitution names are upper-case and stay as they are.
 */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) {
      const key = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(k) ? snakeToCamel(k) : k;
      out[key in out ? k : key] = camelCaseKeys(v);
    }
    return out;
  }
  return value;
}

/** Drops `key: null` members (an empty YAML value means "unset"; reported as a warning above). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

/**
 * The Vertex AI v1 protos as `@google-cloud/aiplatform` ships them (protobuf.js JSON form, the schema
 * its `JobServiceClient` serialises with), and a strict check of a request in the object form that
 * client takes (protobuf.js `I…` objects: camelCase names, int64 as a number or decimal string,
 * `google.protobuf.Duration` as `{seconds, nanos}`, enums by name): every key must be a field of its
 * message (protobuf.js' `fromObject` drops a misspelt one silently), with the right type, enum names
 * among the enum's values, no output-only field, and every `REQUIRED` field present.
 */
import { Enum, Root, Type, type Field } from 'protobufjs';

export const AIPLATFORM_PACKAGE = 'google.cloud.aiplatform.v1';

let root: Root | undefined;

/** The resolved root of the package's protos, loaded once. */
export function aiplatformRoot(): Root {
  if (root === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    root = Root.fromJSON(require('@google-cloud/aiplatform/build/protos/protos.json') as Record<string, unknown>);
    root.resolveAll();
  }
  return root;
}

export function aiplatformType(name: string): Type {
  return aiplatformRoot().lookupType(`${AIPLATFORM_PACKAGE}.${name}`);
}

function behaviours(field: Field): string[] {
  const b = field.options?.['(google.api.field_behavior)'] as unknown;
  return Array.isArray(b) ? (b as string[]) : typeof b === 'string' ? [b] : [];
}

const INT32 = new Set(['int32', 'sint32', 'sfixed32', 'uint32', 'fixed32']);
const INT64 = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

function scalarProblem(type: string, v: unknown): string | null {
  const ok =
    type === 'string'
      ? typeof v === 'string'
      : type === 'bool'
        ? typeof v === 'boolean'
        : INT32.has(type)
          ? typeof v === 'number' && Number.isInteger(v)
          : INT64.has(type)
            ? (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v))
            : type === 'double' || type === 'float'
              ? typeof v === 'number'
              : type === 'bytes'
                ? typeof v === 'string' || v instanceof Uint8Array
                : false;
  return ok ? null : `must be ${type}, got ${JSON.stringify(v)}`;
}

function walk(type: Type, value: unknown, at: string, out: string[]): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    out.push(`${at || '(root)'}: must be a ${type.name} message, got ${JSON.stringify(value)}`);
    return;
  }
  const obj = value as Record<string, unknown>;
  const path = (name: string) => (at ? `${at}.${name}` : name);
  for (const key of Object.keys(obj)) {
    if (type.fields[key] === undefined) {
      const names = type.fieldsArray.map((f) => f.name);
      const near = names.find((n) => n.toLowerCase().startsWith(key.toLowerCase().slice(0, 5)));
      out.push(`${path(key)}: unknown field "${key}" in ${type.name}${near ? ` (did you mean "${near}"?)` : ''}`);
    }
  }
  for (const field of type.fieldsArray) {
    const v = obj[field.name];
    if (v === undefined) {
      if (behaviours(field).includes('REQUIRED')) out.push(`${path(field.name)}: required field missing`);
      continue;
    }
    if (behaviours(field).includes('OUTPUT_ONLY')) {
      out.push(`${path(field.name)}: "${field.name}" is output-only; a request cannot set it`);
      continue;
    }
    const one = (item: unknown, where: string) => {
      const t = field.resolvedType;
      if (t instanceof Type) walk(t, item, where, out);
      else if (t instanceof Enum) {
        if (typeof item !== 'string' || !(item in t.values)) {
          out.push(
            `${where}: unknown value ${JSON.stringify(item)} for ${t.name} (one of ${Object.keys(t.values).join(', ')})`,
          );
        }
      } else {
        const p = scalarProblem(field.type, item);
        if (p) out.push(`${where}: ${p}`);
      }
    };
    if (field.map) {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) out.push(`${path(field.name)}: must be a map`);
      else for (const [k, item] of Object.entries(v)) one(item, `${path(field.name)}.${k}`);
    } else if (field.repeated) {
      if (!Array.isArray(v)) out.push(`${path(field.name)}: must be a list`);
      else v.forEach((item, i) => one(item, `${path(field.name)}[${i}]`));
    } else one(v, path(field.name));
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.oneof.filter((name) => obj[name] !== undefined);
    if (oneof.oneof.length > 1 && set.length > 1)
      out.push(`${at || '(root)'}: only one of ${set.join(', ')} (oneof ${oneof.name})`);
  }
}

/** Every problem of `value` as a `typeName` request, as `path: message` lines (empty: valid). */
export function protoProblems(typeName: string, value: unknown): string[] {
  const out: string[] = [];
  walk(aiplatformType(typeName), value, '', out);
  return out;
}

/** The values of a `google.cloud.aiplatform.v1` enum, by name. */
export function enumNames(name: string): string[] {
  return Object.keys(aiplatformRoot().lookupEnum(`${AIPLATFORM_PACKAGE}.${name}`).values);
}

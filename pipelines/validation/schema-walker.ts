/**
 * Layer 1 of the validator: a walk over the field names of `google.devtools.cloudbuild.v1.Build` from the
 * protos `@google-cloud/cloudbuild` ships (unknown or misspelled keys at any depth, wrong types, bad enum
 * values, output-only fields, oneofs). `Build.fromObject` is no help here: it silently drops unknown keys.
 */

import { fromProto3JSON } from 'proto3-json-serializer';
import { Enum, type Field, type MapField, Type } from 'protobufjs';
import { deprecatedEnumValues } from '../cloud-build-protos';
import { Problems, type Segments, closest, describeValue, hint, isObj } from './build-problems';
import { DOCUMENTED_EXTRA_FIELDS, type ExtraFieldSpec } from './cloud-build-facts';

export function isOutputOnly(field: Field): boolean {
  const behaviour = field.options?.['(google.api.field_behavior)'] as unknown;
  return behaviour === 'OUTPUT_ONLY' || (Array.isArray(behaviour) && behaviour.includes('OUTPUT_ONLY'));
}

export const snakeToCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export const DURATION = /^\d+(\.\d{1,9})?s$/;
export const INT = /^-?\d+$/;
export const INT32_TYPES = new Set(['int32', 'sint32', 'sfixed32']);
export const UINT32_TYPES = new Set(['uint32', 'fixed32']);
export const INT64_TYPES = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

export class SchemaWalker {
  constructor(private readonly problems: Problems) {}

  message(type: Type, value: unknown, at: Segments): void {
    if (!isObj(value)) {
      this.problems.add(at, `must be a mapping of ${type.name} fields, got ${describeValue(value)}`);
      return;
    }
    const present: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      const childAt = [...at, key];
      let field: Field | undefined = type.fields[key];
      if (field === undefined) {
        const extra = DOCUMENTED_EXTRA_FIELDS[type.fullName.replace(/^\./, '')]?.[key];
        if (extra !== undefined) {
          this.extra(extra, child, childAt);
          continue;
        }
        const camel = snakeToCamel(key);
        if (camel !== key && type.fields[camel] !== undefined) {
          this.problems.warn(
            childAt,
            `snake_case field name; Cloud Build reads it, but the documented (camelCase) name is "${camel}"`,
          );
          field = type.fields[camel]!;
        } else {
          const known = [
            ...type.fieldsArray.filter((f) => !isOutputOnly(f)).map((f) => f.name),
            ...Object.keys(DOCUMENTED_EXTRA_FIELDS[type.fullName.replace(/^\./, '')] ?? {}),
          ];
          this.problems.add(childAt, `unknown field "${key}" in ${type.name}${hint(closest(key, known))}`);
          continue;
        }
      }
      if (isOutputOnly(field)) {
        this.problems.add(childAt, `"${field.name}" is output-only (set by Cloud Build); a config file cannot set it`);
        continue;
      }
      present.push(field.name);
      if (child === null) {
        this.problems.warn(childAt, 'is empty (null); give it a value or remove the key');
        continue;
      }
      this.field(field, child, childAt);
    }
    for (const oneof of type.oneofsArray) {
      // proto3 `optional` fields are wrapped in a synthetic one-member oneof named `_<field>`.
      if (oneof.oneof.length < 2) continue;
      const set = oneof.oneof.filter((name) => present.includes(name));
      if (set.length > 1) {
        this.problems.add(at, `only one of ${set.map((s) => `"${s}"`).join(', ')} may be set (oneof "${oneof.name}")`);
      }
    }
  }

  private field(field: Field, value: unknown, at: Segments): void {
    if (field.map) {
      if (!isObj(value)) {
        this.problems.add(at, `must be a mapping (key: value), got ${describeValue(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value))
        this.value(field, v, [...at, k], (field as unknown as MapField).keyType);
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) {
        this.problems.add(at, `must be a list, got ${describeValue(value)}`);
        return;
      }
      value.forEach((v, i) => this.value(field, v, [...at, i]));
      return;
    }
    this.value(field, value, at);
  }

  private value(field: Field, value: unknown, at: Segments, mapKeyType?: string): void {
    const resolved = field.resolvedType;
    if (mapKeyType !== undefined && value === null) {
      this.problems.add(at, 'must have a value, got null (an empty value)');
      return;
    }
    if (resolved instanceof Enum) return this.enumValue(resolved, value, at);
    if (resolved instanceof Type) {
      const full = resolved.fullName;
      if (full === '.google.protobuf.Duration') return this.duration(resolved, value, at);
      if (full === '.google.protobuf.Timestamp' || full === '.google.protobuf.FieldMask') {
        try {
          fromProto3JSON(resolved, value as never);
        } catch (err) {
          this.problems.add(at, `not a valid ${resolved.name}: ${(err as Error).message}`);
        }
        return;
      }
      return this.message(resolved, value, at);
    }
    this.scalar(field.type, value, at);
  }

  private scalar(type: string, value: unknown, at: Segments): void {
    const bad = (what: string) => this.problems.add(at, `must be ${what}, got ${describeValue(value)}`);
    if (type === 'string') {
      if (typeof value !== 'string') bad('a string (quote it in YAML)');
    } else if (type === 'bool') {
      if (typeof value !== 'boolean') bad('true or false');
    } else if (type === 'bytes') {
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(value)) bad('a base64 string');
    } else if (INT32_TYPES.has(type) || UINT32_TYPES.has(type)) {
      const n = typeof value === 'string' && INT.test(value) ? Number(value) : value;
      const min = UINT32_TYPES.has(type) ? 0 : -(2 ** 31);
      const max = UINT32_TYPES.has(type) ? 2 ** 32 - 1 : 2 ** 31 - 1;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) bad(`an integer (${type})`);
    } else if (INT64_TYPES.has(type)) {
      const ok =
        (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && INT.test(value));
      if (!ok) bad(`an integer (${type}, a number or a decimal string)`);
    } else if (type === 'double' || type === 'float') {
      if (
        typeof value !== 'number' &&
        !(typeof value === 'string' && /^(NaN|-?Infinity|-?\d+(\.\d+)?([eE][-+]?\d+)?)$/.test(value))
      ) {
        bad('a number');
      }
    }
  }

  private enumValue(type: Enum, value: unknown, at: Segments): void {
    const names = Object.keys(type.values);
    if (typeof value === 'string') {
      if (!(value in type.values)) {
        this.problems.add(
          at,
          `unknown value "${value}" for ${type.name}${hint(closest(value, names))} (one of ${names.join(', ')})`,
        );
        return;
      }
      if (deprecatedEnumValues(type.fullName).has(value)) {
        this.problems.warn(at, `"${value}" is deprecated in ${type.name}`);
      }
      return;
    }
    if (typeof value === 'number' && Number.isInteger(value) && type.valuesById[value] !== undefined) {
      this.problems.warn(at, `numeric enum value ${value}; write its name "${type.valuesById[value]}"`);
      return;
    }
    this.problems.add(at, `must be one of ${names.join(', ')} (${type.name}), got ${describeValue(value)}`);
  }

  private duration(type: Type, value: unknown, at: Segments): void {
    if (typeof value !== 'string' || !DURATION.test(value)) {
      const advice = typeof value === 'number' ? ` (write "${value}s")` : '';
      this.problems.add(
        at,
        `must be a duration in seconds ending in "s", e.g. "600s" or "3.5s"${advice}, got ${describeValue(value)}`,
      );
      return;
    }
    try {
      fromProto3JSON(type, value);
    } catch (err) {
      this.problems.add(at, `not a valid Duration: ${(err as Error).message}`);
    }
  }

  private extra(spec: ExtraFieldSpec, value: unknown, at: Segments): void {
    const bad = (what: string) => this.problems.add(at, `must be ${what}, got ${describeValue(value)}`);
    switch (spec.kind) {
      case 'string':
        if (typeof value !== 'string') bad('a string');
        return;
      case 'bool':
        if (typeof value !== 'boolean') bad('true or false');
        return;
      case 'stringList':
        if (!Array.isArray(value)) bad('a list of strings');
        else
          value.forEach(
            (v, i) =>
              typeof v !== 'string' && this.problems.add([...at, i], `must be a string, got ${describeValue(v)}`),
          );
        return;
      case 'messageList':
        if (!Array.isArray(value)) {
          bad('a list');
          return;
        }
        value.forEach((item, i) => {
          if (!isObj(item)) {
            this.problems.add([...at, i], `must be a mapping, got ${describeValue(item)}`);
            return;
          }
          for (const [k, v] of Object.entries(item)) {
            const sub = spec.fields[k];
            if (sub === undefined) {
              this.problems.add([...at, i, k], `unknown field "${k}"${hint(closest(k, Object.keys(spec.fields)))}`);
            } else this.extra(sub, v, [...at, i, k]);
          }
        });
    }
  }
}

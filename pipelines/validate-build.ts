import { fromProto3JSON } from 'proto3-json-serializer';
import { Enum, type Field, type MapField, Type } from 'protobufjs';
import { LineCounter, parseAllDocuments, type Document, type Tags } from 'yaml';
import { cloudBuildType, deprecatedEnumValues } from './cloud-build-protos';
import { scanTemplate } from './substitution-template';

/**
 * A strict, offline validator for Cloud Build config files (ours or anyone's).
 *
 * Two layers, every problem reported with its path:
 * 1. Schema: a walk over the field names of `google.devtools.cloudbuild.v1.Build` from the protos
 *    `@google-cloud/cloudbuild` ships (unknown or misspelled keys at any depth, wrong types, bad enum
 *    values, output-only fields, oneofs), with `proto3-json-serializer` for Duration strings and as a
 *    final cross-check. `Build.fromObject` is no help here: it silently drops unknown keys.
 * 2. Semantics from the Cloud Build docs (https://cloud.google.com/build/docs/build-config-file-schema,
 *    .../configuring-builds/substitute-variable-values, .../securing-builds/use-secrets): step ids
 *    and `waitFor`, `script` vs `args`, substitutions defined/used, `$` escaping, secrets, volumes,
 *    limits (300 steps, 100 args of at most 10,000 characters, timeouts up to 24 hours).
 */

export type Severity = 'error' | 'warning';

/** One problem, e.g. `steps[3].waitFor[0]: unknown step id "tets"`. */
export interface BuildProblem {
  /** Printable path: `steps[3].waitFor[0]`, `substitutions._REGION`, `(root)`. */
  readonly path: string;
  /** The same path as keys and indexes. */
  readonly segments: readonly (string | number)[];
  readonly message: string;
  /** Errors make the file unusable (or break manual runs); warnings are accepted by Cloud Build. */
  readonly severity: Severity;
  /** 1-based line in the YAML text, when validated from text. */
  readonly line?: number;
}

/** Limits from the build config schema page. */
export const LIMITS = {
  maxSteps: 300,
  maxArgsPerStep: 100,
  maxArgLength: 10_000,
  maxTimeoutSeconds: 24 * 3600,
  maxExitCode: 255,
} as const;

/**
 * Built-in substitutions (substitute-variable-values page). The first four exist in every build;
 * the others come from triggers and are empty in a manual `gcloud builds submit`.
 */
export const BUILT_IN_SUBSTITUTIONS: ReadonlySet<string> = new Set([
  'PROJECT_ID',
  'BUILD_ID',
  'PROJECT_NUMBER',
  'LOCATION',
  'TRIGGER_NAME',
  'COMMIT_SHA',
  'REVISION_ID',
  'SHORT_SHA',
  'REPO_NAME',
  'REPO_FULL_NAME',
  'BRANCH_NAME',
  'TAG_NAME',
  'REF_NAME',
  'TRIGGER_BUILD_CONFIG_PATH',
  'SERVICE_ACCOUNT_EMAIL',
  'SERVICE_ACCOUNT',
]);

/** Built-ins a build may set itself (`gcloud builds submit --substitutions` accepts them). */
const OVERRIDABLE_BUILT_INS: ReadonlySet<string> = new Set(
  [...BUILT_IN_SUBSTITUTIONS].filter((n) => !['PROJECT_ID', 'BUILD_ID', 'PROJECT_NUMBER', 'LOCATION'].includes(n)),
);

/** Set by GitHub pull-request triggers although they start with `_`. */
export const PULL_REQUEST_SUBSTITUTIONS: ReadonlySet<string> = new Set([
  '_HEAD_BRANCH',
  '_BASE_BRANCH',
  '_HEAD_REPO_URL',
  '_PR_NUMBER',
]);

/** Empty in a manual `gcloud builds submit`: a tag built only from them breaks manual runs. */
const TRIGGER_ONLY_COMMIT_SUBSTITUTIONS: ReadonlySet<string> = new Set(['SHORT_SHA', 'COMMIT_SHA', 'REVISION_ID']);

const USER_SUBSTITUTION = /^_[A-Z0-9_]+$/;

/** The shape of a field the docs have and the npm protos lack. */
export type ExtraFieldSpec =
  | { readonly kind: 'string' | 'bool' | 'stringList'; readonly doc: string }
  | { readonly kind: 'messageList'; readonly doc: string; readonly fields: Readonly<Record<string, ExtraFieldSpec>> };

/**
 * Fields documented on the build config schema page but missing from the protos in
 * `@google-cloud/cloudbuild` 5.x, keyed by proto message. Accepted (and type-checked) instead of
 * being reported as unknown. Remove an entry once the npm protos catch up.
 */
export const DOCUMENTED_EXTRA_FIELDS: Readonly<Record<string, Readonly<Record<string, ExtraFieldSpec>>>> = {
  'google.devtools.cloudbuild.v1.BuildOptions': {
    pubsubTopic: { kind: 'string', doc: 'Pub/Sub topic for build notifications (options.pubsubTopic)' },
  },
  'google.devtools.cloudbuild.v1.Artifacts': {
    oci: {
      kind: 'messageList',
      doc: 'OCI images uploaded to Artifact Registry (artifacts.oci)',
      fields: {
        file: { kind: 'string', doc: 'path of the image tarball in the workspace' },
        registryPath: { kind: 'string', doc: 'Artifact Registry path' },
        tags: { kind: 'stringList', doc: 'tags to apply' },
      },
    },
  },
  'google.devtools.cloudbuild.v1.Artifacts.MavenArtifact': {
    deployFolder: { kind: 'string', doc: 'folder of Maven files to upload (mavenArtifacts[].deployFolder)' },
  },
};

type Segments = readonly (string | number)[];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `steps[3].waitFor[0]` from `['steps', 3, 'waitFor', 0]`. */
export function formatPath(segments: Segments): string {
  if (segments.length === 0) return '(root)';
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** `path: message` (warnings are marked), as the CLI prints it. */
export function formatProblem(p: BuildProblem): string {
  const where = p.line === undefined ? '' : `line ${p.line}: `;
  return `${where}${p.path}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const a = word.toLowerCase().replace(/-/g, '_');
    const b = c.toLowerCase();
    const contains = Math.min(a.length, b.length) >= 4 && (a.includes(b) || b.includes(a));
    const score = a === b ? 0 : contains ? 1 : distance(a, b);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

const hint = (suggestion: string | undefined) => (suggestion === undefined ? '' : `; did you mean "${suggestion}"?`);

class Problems {
  readonly list: BuildProblem[] = [];
  add(segments: Segments, message: string, severity: Severity = 'error'): void {
    this.list.push({ path: formatPath(segments), segments: [...segments], message, severity });
  }
  warn(segments: Segments, message: string): void {
    this.add(segments, message, 'warning');
  }
  get errorCount(): number {
    return this.list.filter((p) => p.severity === 'error').length;
  }
}

// ---------------------------------------------------------------------------------------------
// Layer 1: the proto schema walk.

function isOutputOnly(field: Field): boolean {
  const behaviour = field.options?.['(google.api.field_behavior)'] as unknown;
  return behaviour === 'OUTPUT_ONLY' || (Array.isArray(behaviour) && behaviour.includes('OUTPUT_ONLY'));
}

const snakeToCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const DURATION = /^\d+(\.\d{1,9})?s$/;
const INT = /^-?\d+$/;
const INT32_TYPES = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32_TYPES = new Set(['uint32', 'fixed32']);
const INT64_TYPES = new Set(['int64', 'sint64', 'sfixed64', 'uint64', 'fixed64']);

class SchemaWalker {
  constructor(private readonly problems: Problems) {}

  message(type: Type, value: unknown, at: Segments): void {
    if (!isObj(value)) {
      this.problems.add(at, `must be a mapping of ${type.name} fields, got ${describe(value)}`);
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
        this.problems.add(at, `must be a mapping (key: value), got ${describe(value)}`);
        return;
      }
      for (const [k, v] of Object.entries(value))
        this.value(field, v, [...at, k], (field as unknown as MapField).keyType);
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) {
        this.problems.add(at, `must be a list, got ${describe(value)}`);
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
    const bad = (what: string) => this.problems.add(at, `must be ${what}, got ${describe(value)}`);
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
    this.problems.add(at, `must be one of ${names.join(', ')} (${type.name}), got ${describe(value)}`);
  }

  private duration(type: Type, value: unknown, at: Segments): void {
    if (typeof value !== 'string' || !DURATION.test(value)) {
      const advice = typeof value === 'number' ? ` (write "${value}s")` : '';
      this.problems.add(
        at,
        `must be a duration in seconds ending in "s", e.g. "600s" or "3.5s"${advice}, got ${describe(value)}`,
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
    const bad = (what: string) => this.problems.add(at, `must be ${what}, got ${describe(value)}`);
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
            (v, i) => typeof v !== 'string' && this.problems.add([...at, i], `must be a string, got ${describe(v)}`),
          );
        return;
      case 'messageList':
        if (!Array.isArray(value)) {
          bad('a list');
          return;
        }
        value.forEach((item, i) => {
          if (!isObj(item)) {
            this.problems.add([...at, i], `must be a mapping, got ${describe(item)}`);
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

// ---------------------------------------------------------------------------------------------
// Layer 2: semantics.

function durationSeconds(value: unknown): number | undefined {
  return typeof value === 'string' && DURATION.test(value) ? Number(value.slice(0, -1)) : undefined;
}

interface Declared {
  readonly at: Segments;
  used: boolean;
}

const ENV_ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)=/s;
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const RESERVED_VOLUME_PATHS = new Set(['/workspace', '/builder/home', '/var/run/docker.sock']);
const BUILD_TAG = /^[\w][\w.-]{0,127}$/;

class SemanticChecker {
  private readonly substitutions = new Map<string, Declared>();
  private readonly secrets = new Map<string, Declared>();
  private loose = false;
  private dynamic = false;
  private globalAutomap = false;

  constructor(
    private readonly problems: Problems,
    private readonly build: Obj,
  ) {}

  run(): void {
    const b = this.build;
    const options = isObj(b.options) ? b.options : {};
    this.loose = options.substitutionOption === 'ALLOW_LOOSE';
    this.dynamic = options.dynamicSubstitutions === true;
    this.globalAutomap = options.automapSubstitutions === true;

    this.collectSubstitutions();
    this.collectSecrets();
    this.checkTimeouts();
    this.checkSteps(options);
    this.checkOptions(options);
    this.checkServiceAccount(options);
    this.checkImagesAndTags();
    this.scanReferences();
    this.reportUnused();
  }

  private collectSubstitutions(): void {
    const subs = this.build.substitutions;
    if (!isObj(subs)) return;
    for (const key of Object.keys(subs)) {
      const at = ['substitutions', key];
      if (!USER_SUBSTITUTION.test(key)) {
        if (BUILT_IN_SUBSTITUTIONS.has(key) && !OVERRIDABLE_BUILT_INS.has(key)) {
          this.problems.add(at, `"${key}" is a built-in substitution Cloud Build sets; it cannot be overridden`);
        } else if (!OVERRIDABLE_BUILT_INS.has(key)) {
          this.problems.add(
            at,
            `user substitution names must match _[A-Z0-9_]+ (a leading "_", then upper-case letters, digits or "_"), got "${key}"`,
          );
        }
        continue;
      }
      this.substitutions.set(key, { at, used: false });
    }
  }

  private collectSecrets(): void {
    const declare = (name: string, at: Segments) => {
      const first = this.secrets.get(name);
      if (first !== undefined) {
        this.problems.add(at, `secret env "${name}" is declared twice (first at ${formatPath(first.at)})`);
        return;
      }
      this.secrets.set(name, { at, used: false });
    };
    const available = this.build.availableSecrets;
    if (isObj(available)) {
      if (Array.isArray(available.secretManager)) {
        available.secretManager.forEach((s, i) => {
          if (!isObj(s)) return;
          const at = ['availableSecrets', 'secretManager', i];
          if (typeof s.env === 'string') declare(s.env, [...at, 'env']);
          else if (s.env === undefined) this.problems.add(at, 'needs "env": the variable name steps list in secretEnv');
          if (typeof s.versionName === 'string') {
            if (!/^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/.test(s.versionName)) {
              this.problems.add(
                [...at, 'versionName'],
                `must be projects/PROJECT/secrets/SECRET/versions/VERSION, got ${describe(s.versionName)}`,
              );
            }
          } else if (s.versionName === undefined) {
            this.problems.add(at, 'needs "versionName": projects/PROJECT/secrets/SECRET/versions/VERSION');
          }
        });
      }
      if (Array.isArray(available.inline)) {
        available.inline.forEach((s, i) => {
          if (isObj(s) && isObj(s.envMap)) {
            for (const k of Object.keys(s.envMap)) declare(k, ['availableSecrets', 'inline', i, 'envMap', k]);
          }
        });
      }
    }
    if (Array.isArray(this.build.secrets)) {
      this.build.secrets.forEach((s, i) => {
        if (isObj(s) && isObj(s.secretEnv)) {
          for (const k of Object.keys(s.secretEnv)) declare(k, ['secrets', i, 'secretEnv', k]);
        }
      });
    }
  }

  private useSecret(name: string, at: Segments): void {
    const declared = this.secrets.get(name);
    if (declared === undefined) {
      this.problems.add(
        at,
        `secret env "${name}" is not declared in availableSecrets (secretManager[].env or inline[].envMap)${hint(
          closest(name, this.secrets.keys()),
        )}`,
      );
    } else declared.used = true;
  }

  private checkTimeouts(): void {
    const t = durationSeconds(this.build.timeout);
    if (t !== undefined && t > LIMITS.maxTimeoutSeconds) {
      this.problems.add(['timeout'], `at most 24 hours (86400s), got "${String(this.build.timeout)}"`);
    }
    if (t === 0) this.problems.add(['timeout'], 'must be more than 0s');
  }

  private checkSteps(options: Obj): void {
    const steps = this.build.steps;
    if (steps === undefined) {
      this.problems.add(['steps'], 'required: a build needs at least one step');
      return;
    }
    if (!Array.isArray(steps)) return; // reported by the schema walk
    if (steps.length === 0) this.problems.add(['steps'], 'must list at least one step');
    if (steps.length > LIMITS.maxSteps) {
      this.problems.add(['steps'], `${steps.length} steps, at most ${LIMITS.maxSteps} allowed`);
    }
    const buildTimeout = durationSeconds(this.build.timeout) ?? 3600;
    const idIndex = new Map<string, number>();
    steps.forEach((s, i) => {
      if (isObj(s) && typeof s.id === 'string' && !idIndex.has(s.id)) idIndex.set(s.id, i);
    });
    const seen = new Map<string, number>();
    const volumeUse = new Map<string, { count: number; at: Segments }>();
    const globalVolumes = Array.isArray(options.volumes) ? options.volumes.filter(isObj) : [];
    const globalEnvKeys = new Set(
      strings(options.env)
        .map((e) => ENV_ENTRY.exec(e)?.[1])
        .filter((k) => k !== undefined),
    );
    const globalSecretEnv = new Set(strings(options.secretEnv));

    steps.forEach((raw, i) => {
      const at: Segments = ['steps', i];
      if (!isObj(raw)) return;
      const step = raw;
      if (step.name === undefined) {
        this.problems.add([...at, 'name'], 'required: the builder image that runs the step');
      } else if (typeof step.name === 'string' && step.name.trim() === '') {
        this.problems.add([...at, 'name'], 'must name a builder image, got an empty string');
      }
      if (step.script !== undefined) {
        if (step.args !== undefined) {
          this.problems.add(
            [...at, 'script'],
            'cannot be combined with "args" in the same step (use one or the other)',
          );
        }
        if (step.entrypoint !== undefined) {
          this.problems.add([...at, 'script'], 'cannot be combined with "entrypoint" in the same step');
        }
      }
      if (Array.isArray(step.args)) {
        if (step.args.length > LIMITS.maxArgsPerStep) {
          this.problems.add([...at, 'args'], `${step.args.length} arguments, at most ${LIMITS.maxArgsPerStep} allowed`);
        }
        step.args.forEach((a, j) => {
          if (typeof a === 'string' && a.length > LIMITS.maxArgLength) {
            this.problems.add([...at, 'args', j], `${a.length} characters, at most 10,000 allowed`);
          }
        });
      }
      // Ids and waitFor: only ids of earlier steps can be waited for.
      if (typeof step.id === 'string') {
        if (step.id === '-') {
          this.problems.add([...at, 'id'], '"-" is reserved (waitFor: ["-"] means "start at once")');
        } else if (seen.has(step.id)) {
          this.problems.add(
            [...at, 'id'],
            `duplicate step id "${step.id}" (first used by steps[${seen.get(step.id)}])`,
          );
        }
      }
      if (Array.isArray(step.waitFor)) {
        const listed = new Set<string>();
        step.waitFor.forEach((w, j) => {
          if (typeof w !== 'string') return;
          const wAt = [...at, 'waitFor', j];
          if (listed.has(w)) {
            this.problems.add(wAt, `"${w}" is listed twice`);
            return;
          }
          listed.add(w);
          if (w === '-') return;
          if (w === step.id) this.problems.add(wAt, `a step cannot wait for itself ("${w}")`);
          else if (seen.has(w)) return;
          else if (idIndex.has(w)) {
            this.problems.add(
              wAt,
              `step id "${w}" is defined later (steps[${idIndex.get(w)}]); a step can only wait for earlier steps`,
            );
          } else {
            this.problems.add(wAt, `unknown step id "${w}"${hint(closest(w, seen.keys()))}`);
          }
        });
        if (listed.has('-') && listed.size > 1) {
          this.problems.warn([...at, 'waitFor'], '"-" (start at once) is combined with step ids; the ids win');
        }
      }
      if (typeof step.id === 'string' && step.id !== '-' && !seen.has(step.id)) seen.set(step.id, i);

      // Environment and secrets.
      const envKeys = new Set<string>();
      strings(step.env).forEach((e) => {
        const m = ENV_ENTRY.exec(e);
        if (m) envKeys.add(m[1]);
      });
      if (Array.isArray(step.env)) {
        step.env.forEach((e, j) => {
          if (typeof e === 'string' && !ENV_ENTRY.test(e)) {
            this.problems.add([...at, 'env', j], `must be KEY=VALUE with KEY a variable name, got ${describe(e)}`);
          }
        });
      }
      if (Array.isArray(step.secretEnv)) {
        const mine = new Set<string>();
        step.secretEnv.forEach((name, j) => {
          if (typeof name !== 'string') return;
          const sAt = [...at, 'secretEnv', j];
          if (mine.has(name)) this.problems.add(sAt, `"${name}" is listed twice`);
          mine.add(name);
          if (globalSecretEnv.has(name)) this.problems.add(sAt, `"${name}" is already in options.secretEnv`);
          if (envKeys.has(name) || globalEnvKeys.has(name)) {
            this.problems.add(sAt, `"${name}" is both a secret and a plain env variable of this step`);
          }
          this.useSecret(name, sAt);
        });
      }
      // Timeouts and exit codes.
      const st = durationSeconds(step.timeout);
      if (st !== undefined && st > buildTimeout) {
        this.problems.add(
          [...at, 'timeout'],
          `exceeds the build timeout (${buildTimeout}s), got "${String(step.timeout)}"`,
        );
      }
      if (Array.isArray(step.allowExitCodes)) {
        step.allowExitCodes.forEach((c, j) => {
          if (typeof c === 'number' && (c < 0 || c > LIMITS.maxExitCode)) {
            this.problems.add([...at, 'allowExitCodes', j], `exit codes are 0–255, got ${c}`);
          }
        });
      }
      if (Array.isArray(step.volumes)) {
        this.checkVolumeList(step.volumes, [...at, 'volumes']);
        step.volumes.forEach((v, j) => {
          if (!isObj(v) || typeof v.name !== 'string') return;
          if (globalVolumes.some((g) => g.name === v.name || g.path === v.path)) {
            this.problems.add([...at, 'volumes', j], `conflicts with a volume of options.volumes ("${v.name}")`);
          }
          const use = volumeUse.get(v.name) ?? { count: 0, at: [...at, 'volumes', j] };
          use.count += 1;
          volumeUse.set(v.name, use);
        });
      }
    });
    for (const [name, use] of volumeUse) {
      if (use.count < 2) {
        this.problems.add(
          use.at,
          `volume "${name}" is used by one step only; a volume exists to share files between steps`,
        );
      }
    }
  }

  private checkVolumeList(volumes: unknown[], at: Segments): void {
    const names = new Set<string>();
    const paths = new Set<string>();
    volumes.forEach((v, j) => {
      if (!isObj(v)) return;
      const vAt = [...at, j];
      if (typeof v.name === 'string') {
        if (!VOLUME_NAME.test(v.name))
          this.problems.add([...vAt, 'name'], `not a valid Docker volume name: ${describe(v.name)}`);
        if (names.has(v.name)) this.problems.add([...vAt, 'name'], `volume "${v.name}" is listed twice`);
        names.add(v.name);
      }
      if (typeof v.path === 'string') {
        const p = v.path.replace(/\/+$/, '') || '/';
        if (!p.startsWith('/'))
          this.problems.add([...vAt, 'path'], `must be an absolute path, got ${describe(v.path)}`);
        else if (RESERVED_VOLUME_PATHS.has(p) || p.startsWith('/cloudbuild/')) {
          this.problems.add([...vAt, 'path'], `"${v.path}" is reserved by Cloud Build`);
        }
        if (paths.has(p)) this.problems.add([...vAt, 'path'], `path "${v.path}" is mounted twice`);
        paths.add(p);
      }
    });
  }

  private checkOptions(options: Obj): void {
    if (Array.isArray(options.env)) {
      options.env.forEach((e, j) => {
        if (typeof e === 'string' && !ENV_ENTRY.test(e)) {
          this.problems.add(['options', 'env', j], `must be KEY=VALUE with KEY a variable name, got ${describe(e)}`);
        }
      });
    }
    if (Array.isArray(options.secretEnv)) {
      options.secretEnv.forEach((name, j) => {
        if (typeof name === 'string') this.useSecret(name, ['options', 'secretEnv', j]);
      });
    }
    if (Array.isArray(options.volumes)) {
      this.checkVolumeList(options.volumes, ['options', 'volumes']);
      if (Array.isArray(this.build.steps) && this.build.steps.length < 2) {
        this.problems.add(['options', 'volumes'], 'global volumes need at least two steps');
      }
    }
  }

  private checkServiceAccount(options: Obj): void {
    const sa = this.build.serviceAccount;
    if (typeof sa !== 'string') return;
    if (!/^projects\/[^/]+\/serviceAccounts\/[^/]+$/.test(sa)) {
      this.problems.add(['serviceAccount'], `must be projects/PROJECT_ID/serviceAccounts/EMAIL, got ${describe(sa)}`);
    }
    const logging = options.logging;
    const logsOk =
      typeof this.build.logsBucket === 'string' ||
      logging === 'CLOUD_LOGGING_ONLY' ||
      logging === 'STACKDRIVER_ONLY' ||
      logging === 'NONE' ||
      options.defaultLogsBucketBehavior === 'REGIONAL_USER_OWNED_BUCKET';
    if (!logsOk) {
      this.problems.add(
        ['serviceAccount'],
        'a user-specified service account needs options.logging: CLOUD_LOGGING_ONLY (or NONE), a logsBucket, ' +
          'or options.defaultLogsBucketBehavior: REGIONAL_USER_OWNED_BUCKET',
      );
    }
  }

  private checkImagesAndTags(): void {
    const check = (list: unknown, at: Segments) => {
      strings(list).forEach((image, i) => {
        if (/^([a-z0-9-]+\.)?gcr\.io\//.test(image)) {
          this.problems.add(
            [...at, i],
            'Container Registry (gcr.io) no longer accepts pushes (shut down for writes 2025-03-18); ' +
              'push to Artifact Registry: REGION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE',
          );
        }
        const tagRefs = scanTemplate(image).references.filter((r) => TRIGGER_ONLY_COMMIT_SUBSTITUTIONS.has(r.name));
        const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
        if (tagRefs.length > 0 && tag.replace(/\$\{?[A-Z_]+\}?/g, '') === '') {
          this.problems.warn(
            [...at, i],
            `the tag is only ${tagRefs[0].text}, which is empty in a manual build (gcloud builds submit)`,
          );
        }
      });
    };
    check(this.build.images, ['images']);
    if (isObj(this.build.artifacts)) check(this.build.artifacts.images, ['artifacts', 'images']);
    strings(this.build.tags).forEach((t, i) => {
      if (!t.includes('$') && !BUILD_TAG.test(t)) {
        this.problems.add(
          ['tags', i],
          `build tags use letters, digits, "_", "." and "-" (max 128), got ${describe(t)}`,
        );
      }
    });
  }

  /** Every string Cloud Build substitutes into: all string values except `script` and the keys. */
  private scanReferences(): void {
    const automapSteps = new Set<number>();
    if (Array.isArray(this.build.steps)) {
      this.build.steps.forEach((s, i) => {
        if (isObj(s) && (s.automapSubstitutions === true || (this.globalAutomap && s.automapSubstitutions !== false))) {
          automapSteps.add(i);
        }
      });
    }
    const visit = (value: unknown, at: Segments) => {
      if (typeof value === 'string') {
        this.checkString(value, at, automapSteps);
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => visit(v, [...at, i]));
      } else if (isObj(value)) {
        for (const [k, v] of Object.entries(value)) visit(v, [...at, k]);
      }
    };
    visit(this.build, []);
  }

  private checkString(value: string, at: Segments, automapSteps: ReadonlySet<number>): void {
    const inScript = at.length === 3 && at[0] === 'steps' && at[2] === 'script';
    const { references, lowercaseVariables } = scanTemplate(value);
    if (inScript) {
      // Scripts get no substitutions: `$_X` only works as an environment variable (automap).
      const automapped = automapSteps.has(at[1] as number);
      if (value.includes('$$')) {
        this.problems.warn(
          at,
          'scripts get no substitutions, so "$$" stays "$$" (bash reads it as its process id); write a single "$"',
        );
      }
      for (const r of references) {
        const isSubstitution = this.substitutions.has(r.name) || BUILT_IN_SUBSTITUTIONS.has(r.name);
        if (!isSubstitution) continue;
        if (automapped) this.markUsed(r.name);
        else {
          this.problems.warn(
            at,
            `${r.text} is not substituted in a script; set automapSubstitutions: true (step or options) to get it as an environment variable`,
          );
        }
      }
      return;
    }
    for (const r of references) {
      if (r.bashExpansion && !this.dynamic) {
        this.problems.add(
          at,
          `bash-style expansion "${r.text}" needs options.dynamicSubstitutions: true (triggered builds have it, ` +
            `manual builds do not); for the shell, escape it as "$${r.text}"`,
        );
        continue;
      }
      if (this.substitutions.has(r.name)) this.markUsed(r.name);
      else if (BUILT_IN_SUBSTITUTIONS.has(r.name) || PULL_REQUEST_SUBSTITUTIONS.has(r.name)) continue;
      else if (r.name.startsWith('_')) {
        const message = `substitution ${r.text} is used but not defined in "substitutions"${hint(
          closest(r.name, this.substitutions.keys()),
        )}`;
        if (this.loose) this.problems.warn(at, `${message} (ALLOW_LOOSE: it becomes an empty string)`);
        else this.problems.add(at, message);
      } else {
        this.problems.add(
          at,
          `${r.text} is not a built-in substitution; escape shell variables as "$${r.text}"${
            this.substitutions.has(`_${r.name}`) ? ` or use the user substitution $_${r.name}` : ''
          }`,
        );
      }
    }
    const isCommand = at[0] === 'steps' && (at[2] === 'args' || at[2] === 'entrypoint');
    if (isCommand) {
      for (const v of lowercaseVariables) {
        this.problems.warn(
          at,
          `shell variable ${v.text} is not escaped; Cloud Build leaves lower-case names alone, but "$${v.text}" says what you mean`,
        );
      }
    }
  }

  private markUsed(name: string): void {
    const d = this.substitutions.get(name);
    if (d !== undefined) d.used = true;
  }

  private reportUnused(): void {
    for (const [name, d] of this.substitutions) {
      if (d.used) continue;
      const message = `substitution "${name}" is defined but never used`;
      if (this.loose) this.problems.warn(d.at, `${message} (accepted with ALLOW_LOOSE)`);
      else this.problems.add(d.at, `${message} (manual builds fail on it unless substitutionOption is ALLOW_LOOSE)`);
    }
    for (const [name, d] of this.secrets) {
      if (!d.used) this.problems.add(d.at, `secret env "${name}" is declared but no step lists it in secretEnv`);
    }
  }
}

/**
 * snake_case field names (which Cloud Build's proto-JSON parser also accepts) turned camelCase, so
 * the semantic checks see `substitution_option` as `substitutionOption`. Map keys such as
 * substitution names are upper-case and stay as they are.
 */
function camelCaseKeys(value: unknown): unknown {
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
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isObj(value)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Entry points.

/**
 * Validates a parsed build config (the object a YAML or JSON file holds). Returns every problem
 * found, errors and warnings; an empty list means Cloud Build should accept the file.
 */
export function validateBuild(doc: unknown): BuildProblem[] {
  const problems = new Problems();
  if (!isObj(doc)) {
    problems.add([], `a build config must be a mapping with at least "steps", got ${describe(doc)}`);
    return problems.list;
  }
  const buildType = cloudBuildType('Build');
  new SchemaWalker(problems).message(buildType, doc, []);
  new SemanticChecker(problems, camelCaseKeys(doc) as Obj).run();
  if (problems.errorCount === 0) {
    // Cross-check: the document must also convert through proto3 JSON into a Build message.
    try {
      fromProto3JSON(buildType, withoutNulls(doc) as never);
    } catch (err) {
      problems.add([], `does not convert to a Build message: ${(err as Error).message}`);
    }
  }
  return problems.list;
}

/**
 * Parses YAML (or JSON) text and validates it; problems carry the line of the value they concern.
 * YAML 1.1 rules are used, like gcloud's parser: unquoted `yes`/`no`/`on`/`off` are booleans.
 */
export function validateBuildYaml(text: string): BuildProblem[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    lineCounter,
    prettyErrors: false,
    customTags: gcloudYamlTags,
  });
  const list = Array.isArray(docs) ? docs : [];
  const yamlProblems: BuildProblem[] = [];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  for (const d of list) {
    for (const e of d.errors) {
      yamlProblems.push({
        path: '(root)',
        segments: [],
        message: `YAML: ${e.message.split('\n')[0]}`,
        severity: 'error',
        line: lineOf(e.pos[0]),
      });
    }
  }
  if (list.length === 0 || (list.length === 1 && list[0].contents === null)) {
    return [...yamlProblems, { path: '(root)', segments: [], message: 'the file is empty', severity: 'error' }];
  }
  if (list.length > 1) {
    yamlProblems.push({
      path: '(root)',
      segments: [],
      message: `holds ${list.length} YAML documents; a build config is one document`,
      severity: 'error',
      line: lineOf(list[1].range[0]),
    });
  }
  if (yamlProblems.length > 0) return yamlProblems;
  const doc = list[0];
  const problems = validateBuild(doc.toJS({ maxAliasCount: 1000 }));
  return problems.map((p) => ({ ...p, line: lineFor(doc, p.segments, lineOf) }));
}

/**
 * YAML 1.1 as gcloud's parser (PyYAML) reads it: `yes`/`no`/`on`/`off`/`true`/`false` are
 * booleans but `y`/`n` are not, and a lone `.` is a string, not a float.
 */
function gcloudYamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag !== 'object' || !('test' in tag) || tag.test === undefined) return tag;
    if (tag.tag === 'tag:yaml.org,2002:bool') {
      const truthy = tag.test.test('true');
      return {
        ...tag,
        test: truthy ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      };
    }
    if (tag.tag === 'tag:yaml.org,2002:float') {
      return { ...tag, test: new RegExp(`^(?![-+]?\\.$)${tag.test.source.slice(1)}`) };
    }
    return tag;
  });
}

function lineFor(doc: Document, segments: Segments, lineOf: (offset: number) => number): number | undefined {
  for (let n = segments.length; n >= 0; n -= 1) {
    const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineOf(range[0]);
  }
  return undefined;
}

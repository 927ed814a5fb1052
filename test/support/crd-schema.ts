/**
 * Strict validation of Config Connector objects against the `openAPIV3Schema` of their vendored
 * CRDs. The API server prunes unknown fields of a structural schema silently; here they are errors:
 * every object schema with `properties` gets `additionalProperties: false` unless it preserves
 * unknown fields (except in oneOf/anyOf/allOf/not subschemas, which declare no fields). Required fields
 * and enums are checked as written; `x-kubernetes-validations`
 * (CEL) rules are not evaluated (only a real API server does).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { Manifest } from './k8s-manifests';

/**
 * Where the vendored CRDs are: `CONFIG_CONNECTOR_CRDS`, else `../shared/vendor/config-connector-crds`
 * beside the repository (CI's layout). Null when neither exists (a fresh clone).
 */
export function findCrdDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const root = resolve(__dirname, '..', '..');
  const candidates = [env.CONFIG_CONNECTOR_CRDS, join(root, '..', 'shared', 'vendor', 'config-connector-crds')];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return null;
}

/** The Gateway API version whose CRDs `scripts/kube/gateway-crds.sh` caches (keep the two equal). */
export const GATEWAY_API_VERSION = 'v1.4.1';

/**
 * Where the Gateway API CRDs are: `GATEWAY_API_CRDS`, else the cache `scripts/kube/gateway-crds.sh`
 * fills. Null when neither exists (run that script; it needs the Go module proxy).
 */
export function findGatewayApiCrdDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const cache = join(
    env.TOXICITY_CACHE ?? '/root/.cache/toxicity',
    'kube',
    'crds',
    `gateway-api-${GATEWAY_API_VERSION}`,
  );
  for (const c of [env.GATEWAY_API_CRDS, cache]) if (c && existsSync(c)) return c;
  return null;
}

/** The GKE Gateway policy CRDs written from their documented fields (test/fixtures/gke-policy-crds/README.md). */
export const GKE_POLICY_CRD_DIR = resolve(__dirname, '..', 'fixtures', 'gke-policy-crds');

type Schema = Record<string, unknown>;

/** Keywords whose subschemas only validate values; in a structural schema they declare no fields. */
const VALUE_ONLY = new Set(['oneOf', 'anyOf', 'allOf', 'not']);

function strictify(node: unknown, valueOnly = false): unknown {
  if (Array.isArray(node)) return node.map((n) => strictify(n, valueOnly));
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k.startsWith('x-kubernetes-')) continue;
    // OpenAPI keywords ajv does not know; nothing to check in them.
    if (k === 'nullable' || k === 'example' || k === 'externalDocs') continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Schema).map(([p, sub]) => [p, strictify(sub, valueOnly)]))
        : strictify(v, valueOnly || VALUE_ONLY.has(k));
  }
  const n = node as Schema;
  // Inside oneOf/anyOf/allOf/not, `properties` constrains fields the enclosing schema declares; closing
  // the object there would refuse those fields (Kubernetes' structural-schema rules).
  if (
    !valueOnly &&
    n.properties &&
    n.additionalProperties === undefined &&
    !n['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

export interface CrdValidator {
  /** `group/version/Kind` of every served version. */
  readonly kinds: readonly string[];
  /** Problems of one object; empty when it is valid. */
  errors(m: Manifest): string[];
}

/** Loads every CRD of a folder and compiles one strict validator per served version. */
export function loadCrdValidator(dir: string): CrdValidator {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const crd = parseYaml(readFileSync(join(dir, file), 'utf8')) as {
      spec: {
        group: string;
        names: { kind: string };
        versions: { name: string; served: boolean; schema: { openAPIV3Schema: Schema } }[];
      };
    };
    for (const v of crd.spec.versions.filter((x) => x.served)) {
      const schema = strictify(v.schema.openAPIV3Schema) as Schema;
      // The object as emitted: no status, metadata checked by Kubernetes' own rules elsewhere.
      const props = { ...(schema.properties as Schema) };
      delete props.status;
      validators.set(
        `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`,
        ajv.compile({ ...schema, properties: props }),
      );
    }
  }
  return {
    kinds: [...validators.keys()].sort(),
    errors(m) {
      const key = `${String(m.apiVersion)}/${String(m.kind)}`;
      const validate = validators.get(key);
      if (!validate) return [`no CRD for ${key}`];
      const name = String(m.metadata?.name);
      if (validate(m)) return [];
      return (validate.errors ?? []).map(
        (e) =>
          `${key} ${name}: ${e.instancePath || '/'} ${e.message ?? 'invalid'}` +
          (e.keyword === 'additionalProperties'
            ? ` (${(e.params as { additionalProperty: string }).additionalProperty})`
            : '') +
          (e.keyword === 'enum' ? ` (${JSON.stringify((e.params as { allowedValues: unknown }).allowedValues)})` : ''),
      );
    },
  };
}

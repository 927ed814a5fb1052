/**
 * The vendored schemas of the objects that sync Secret Manager into Kubernetes Secrets
 * (vendor/secret-sync-crds, see its SOURCE.md): the SecretProviderClass CRD of the Secrets Store CSI
 * driver, and the openAPIV3Schema of GKE's SecretSync CRD. Strict: unknown fields are errors.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { stringify } from 'yaml';
import { loadCrdValidator } from './crd-schema';
import type { Manifest } from './k8s-manifests';

export const SECRET_SYNC_CRD_DIR = resolve(__dirname, '../../vendor/secret-sync-crds');
const SECRET_SYNC_SCHEMA = join(SECRET_SYNC_CRD_DIR, 'secret-sync.gke.io_secretsync_v1.json');

type Schema = Record<string, unknown>;

function secretSyncSchema(): Schema {
  return JSON.parse(readFileSync(SECRET_SYNC_SCHEMA, 'utf8')) as Schema;
}

/** Problems of a SecretProviderClass or SecretSync against the vendored schemas; empty when valid. */
export function secretSyncSchemaErrors(m: Manifest): string[] {
  const name = String(m.metadata?.name);
  if (m.kind === 'SecretProviderClass') return loadCrdValidator(SECRET_SYNC_CRD_DIR).errors(m);
  if (m.apiVersion !== 'secret-sync.gke.io/v1' || m.kind !== 'SecretSync')
    return [`no schema for ${m.apiVersion}/${m.kind}`];
  const schema = secretSyncSchema();
  const props = { ...(schema.properties as Schema) };
  delete props.status;
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile({
    ...schema,
    properties: props,
  });
  if (validate(m)) return [];
  return (validate.errors ?? []).map((e) => `SecretSync ${name}: ${e.instancePath || '/'} ${e.message ?? 'invalid'}`);
}

/** Removes `additionalProperties: false` beside `properties` (a CRD's structural schema forbids both). */
function structural(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(structural);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === 'additionalProperties' && v === false) continue;
    out[k] = structural(v);
  }
  return out;
}

/**
 * CRD manifests to install into a local API server: the vendored SecretProviderClass CRD as it is,
 * and GKE's SecretSync CRD rebuilt around its vendored openAPIV3Schema (group, names and scope as GKE
 * serves them).
 */
export function secretSyncCrdYaml(): string {
  const spc = readFileSync(join(SECRET_SYNC_CRD_DIR, 'secrets-store.csi.x-k8s.io_secretproviderclasses.yaml'), 'utf8');
  const secretSync = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'secretsyncs.secret-sync.gke.io' },
    spec: {
      group: 'secret-sync.gke.io',
      names: { kind: 'SecretSync', listKind: 'SecretSyncList', plural: 'secretsyncs', singular: 'secretsync' },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: structural(secretSyncSchema()) },
          subresources: { status: {} },
        },
      ],
    },
  };
  return `${spc.trimEnd()}\n---\n${stringify(secretSync)}`;
}

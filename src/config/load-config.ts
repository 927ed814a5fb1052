import Ajv, { type ErrorObject } from 'ajv';
import { parse as parseYaml } from 'yaml';
import type { AppConfig } from './app-config';
import { ONE_SHOT_VALIDATOR, describeValue, didYouMean, valueAtPointer } from '../common';
import { configSchema } from './config-schema';
import { CONFIG_OVERRIDE_VARS, type Env } from './env-schema';
import { retrainingProblems } from './retraining-config';

/** Raised when the config cannot be used; `problems` lists every issue found, not just the first. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid config in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// verbose: errors carry their schema, whose settings and allowed values the messages suggest from.
const ajv = new Ajv({
  ...ONE_SHOT_VALIDATOR,
  allErrors: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
});
const validate = ajv.compile(configSchema);

/**
 * Validates a config object (as parsed from YAML), applies the defaults and returns the resolved
 * config. Throws a `ConfigError` naming every bad field with its value.
 */
export function parseConfig(input: unknown, source = 'config'): AppConfig {
  const raw: unknown = input === null || input === undefined ? {} : structuredClone(input);
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(source, [`the top level must be a mapping, got ${describeValue(raw)}`]);
  }
  if (!validate(raw)) {
    throw new ConfigError(
      source,
      (validate.errors ?? []).map((e) => formatAjvError(e, raw)),
    );
  }
  const config = withDerivedDefaults(raw as Record<string, Record<string, unknown>>);
  const problems = crossFieldProblems(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return deepFreeze(config);
}

/** Parses YAML text (the config file) and then `parseConfig`. */
export function parseConfigText(text: string, source = 'config'): AppConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(source, [`not valid YAML: ${(err as Error).message.split('\n')[0]}`]);
  }
  return parseConfig(doc, source);
}

/**
 * Applies the config overrides of a parsed environment (`CONFIG_OVERRIDE_VARS`: `PORT`, `MODEL_URI`…)
 * onto a raw (unvalidated) config object and returns a new object; values are then validated like
 * the file's.
 */
export function applyEnvOverrides(raw: unknown, env: Env): unknown {
  const out: Record<string, unknown> =
    raw && typeof raw === 'object' && !Array.isArray(raw) ? structuredClone(raw as Record<string, unknown>) : {};
  for (const { name, path } of CONFIG_OVERRIDE_VARS) {
    const value = env[name];
    if (value === undefined) continue;
    const [sectionName, key] = path.split('.') as [string, string];
    const current = out[sectionName];
    const target: Record<string, unknown> =
      current && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
    target[key] = value;
    out[sectionName] = target;
  }
  return out;
}

function withDerivedDefaults(raw: Record<string, Record<string, unknown>>): AppConfig {
  const c = raw as unknown as { -readonly [K in keyof AppConfig]: Record<string, unknown> };
  const projectId = c.gcp.projectId as string;
  c.cluster.location ??= c.gcp.zone;
  c.image.registry ??= `${c.gcp.region as string}-docker.pkg.dev`;
  c.buckets.models ??= `${projectId}-toxicity-models`;
  c.buckets.data ??= `${projectId}-toxicity-data`;
  // The deployed server follows the champion pointer that promotion moves: it never needs MLflow to
  // start. Without a champion store it falls back to the registry alias.
  if (c.model.championStore === undefined) c.model.championStore = `gs://${c.buckets.models as string}`;
  const store = c.model.championStore as string | null;
  c.model.uri ??=
    store === null
      ? `models:/${c.model.name as string}@champion`
      : `${store.replace(/\/+$/, '')}/${c.model.name as string}/champion`;
  const server = c.mlflow.server as Record<string, unknown>;
  server.image ??= `${c.image.registry as string}/${projectId}/${c.image.repository as string}/mlflow-server:3.17.2`;
  server.cloudSqlInstance ??= `${projectId}:${c.gcp.region as string}:toxicity-mlflow`;
  server.artifactBucket ??= `${projectId}-toxicity-mlflow`;
  server.gcpServiceAccount ??= `toxicity-mlflow@${projectId}.iam.gserviceaccount.com`;
  server.credentialsSecret ??= `${server.name as string}-credentials`;
  c.pipeline.workerPoolRegion ??= c.gcp.region;
  c.auth.secretName ??= `${c.app.name as string}-jwt`;
  // The API's Google service account (created by the infra chart), bound through Workload Identity.
  if (c.serviceAccount.gcpServiceAccount === undefined) {
    c.serviceAccount.gcpServiceAccount = `toxicity-api@${projectId}.iam.gserviceaccount.com`;
  }
  const infra = c.infra as {
    buckets: Record<string, unknown>;
    serviceAccounts: Record<string, unknown>;
    database: Record<string, unknown>;
    build: Record<string, unknown>;
    apiAddressName?: unknown;
  };
  // What the infrastructure creates for MLflow follows what the MLflow server is configured to use, so
  // the two cannot name different accounts, buckets, databases or secrets.
  infra.buckets.mlflowArtifacts ??= server.artifactBucket;
  infra.serviceAccounts.mlflow ??= (server.gcpServiceAccount as string).split('@')[0];
  infra.serviceAccounts.mlflowKubernetesServiceAccount ??= `${c.app.namespace as string}/${server.name as string}`;
  infra.database.instance ??= (server.cloudSqlInstance as string).split(':').pop();
  infra.database.database ??= server.database;
  infra.database.user ??= server.databaseUser;
  infra.database.passwordSecret ??= server.databasePasswordSecret;
  infra.build.workerPool ??= c.pipeline.workerPool ?? 'toxicity-private-pool';
  infra.buckets.buildLogs ??= `${projectId}-toxicity-build-logs`;
  infra.apiAddressName ??= `${c.app.name as string}-ip`;
  c.edge.tlsSecretName ??= `${c.app.name as string}-tls`;
  const gateway = c.edge.gateway as Record<string, unknown>;
  gateway.certificateMapName ??= `${c.app.name as string}-certs`;
  gateway.securityPolicyName ??= `${c.app.name as string}-armor`;
  c.server.keepAliveTimeoutSeconds ??= c.edge.mode === 'gateway' ? 620 : 5;
  c.app.servicePort ??= c.edge.tls === 'pod' ? 443 : 80;
  if (c.pipeline.serviceAccount === undefined) {
    c.pipeline.serviceAccount = `toxicity-builder@${projectId}.iam.gserviceaccount.com`;
  }
  return c as unknown as AppConfig;
}

function crossFieldProblems(c: AppConfig): string[] {
  const problems: string[] = [];
  const s = c.scaling;
  if (s.minReplicas > s.maxReplicas) {
    problems.push(`/scaling/minReplicas: must be <= maxReplicas (${s.maxReplicas}), got ${s.minReplicas}`);
  }
  const r = c.resources;
  const pairs: [string, number, string, number][] = [
    ['cpuRequestMillis', r.cpuRequestMillis, 'cpuLimitMillis', r.cpuLimitMillis],
    ['memoryRequestMiB', r.memoryRequestMiB, 'memoryLimitMiB', r.memoryLimitMiB],
    [
      'ephemeralStorageRequestMiB',
      r.ephemeralStorageRequestMiB,
      'ephemeralStorageLimitMiB',
      r.ephemeralStorageLimitMiB,
    ],
  ];
  for (const [reqName, req, limName, lim] of pairs) {
    if (req > lim) problems.push(`/resources/${reqName}: must be <= ${limName} (${lim}), got ${req}`);
  }
  if (c.app.containerPort === c.app.servicePort && c.app.containerPort < 1024) {
    problems.push(`/app/containerPort: must be >= 1024 (non-root), got ${c.app.containerPort}`);
  }
  problems.push(...edgeProblems(c));
  problems.push(...retrainingProblems(c));
  if (c.edge.mode === 'loadBalancer' && c.edge.tls === 'none' && !c.edge.allowPlainHttp) {
    problems.push(
      '/edge/allowPlainHttp: must be true to expose the API in plain HTTP (edge.tls: none): bearer tokens and comments would cross the network in clear; keep edge.tls: pod with a TLS Secret instead',
    );
  }
  if (c.app.adminPort === c.app.containerPort) {
    problems.push(
      `/app/adminPort: must differ from app.containerPort (${c.app.containerPort}), got ${c.app.adminPort}`,
    );
  }
  if (!c.cluster.location.startsWith(c.gcp.region)) {
    problems.push(`/cluster/location: must be in region ${c.gcp.region}, got ${JSON.stringify(c.cluster.location)}`);
  }
  const pool = c.infra.nodePool;
  if (pool.minNodes > pool.maxNodes) {
    problems.push(`/infra/nodePool/minNodes: must be <= maxNodes (${pool.maxNodes}), got ${pool.minNodes}`);
  }
  return problems;
}

/** Edge settings that cannot work together (the Gateway mode's needs). */
function edgeProblems(c: AppConfig): string[] {
  const problems: string[] = [];
  if (c.edge.mode !== 'gateway') return problems;
  if (c.edge.hostname === null) {
    problems.push(
      '/edge/hostname: must be set with edge.mode: gateway: the managed certificate and the route are issued for this public DNS name',
    );
  }
  if (c.service.loadBalancerSourceRanges.length > 0) {
    problems.push(
      '/service/loadBalancerSourceRanges: applies to the L4 LoadBalancer only, and edge.mode: gateway has none: narrow the clients with a Cloud Armor rule instead',
    );
  }
  if (c.service.internal) {
    problems.push(
      '/service/internal: an internal load balancer contradicts edge.mode: gateway (a global external Application Load Balancer)',
    );
  }
  if (c.edge.allowPlainHttp) {
    problems.push(
      '/edge/allowPlainHttp: has no meaning with edge.mode: gateway (clients always get HTTPS; plain HTTP is redirected); remove it',
    );
  }
  const g = c.edge.gateway;
  if (g.banThresholdPerMinute < g.rateLimitPerMinute) {
    problems.push(
      `/edge/gateway/banThresholdPerMinute: must be >= rateLimitPerMinute (${g.rateLimitPerMinute}), got ${g.banThresholdPerMinute}`,
    );
  }
  return problems;
}

function formatAjvError(e: ErrorObject, root: unknown): string {
  const path = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    const hint = didYouMean(key, known) || (known.length > 0 ? ` (settings here: ${known.join(', ')})` : '');
    return `${path === '/' ? '' : path}/${key}: unknown setting${hint}`;
  }
  if (e.keyword === 'enum') {
    const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
    const given = valueAtPointer(root, e.instancePath);
    const hint = typeof given === 'string' ? didYouMean(given, allowed.map(String)) : '';
    return `${path}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(given)}${hint}`;
  }
  if (e.keyword === 'not' && e.instancePath === '/image/tag') {
    return `/image/tag: must not be "latest" (pin a version), got "latest"`;
  }
  return `${path}: ${e.message ?? 'is invalid'}, got ${describeValue(valueAtPointer(root, e.instancePath))}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

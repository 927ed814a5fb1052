/**
 * Checks for the monitoring custom resources, which the Kubernetes schema (k8s-validate.ts) does not
 * know: prometheus-operator's PodMonitor and PrometheusRule against the
 * `@kubernetes-models/prometheus-operator` schemas (generated from the operator's CRDs), and GKE
 * Managed Prometheus' PodMonitoring and Rules against a strict schema of the fields this project
 * uses, written from the operator's Go types (GoogleCloudPlatform/prometheus-engine,
 * pkg/operator/apis/monitoring/v1: pod_types.go, rules_types.go, types.go) since no package ships it.
 * Unknown keys are errors in both, as the API server would drop them.
 */
import Ajv from 'ajv';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { Manifest } from './k8s-manifests';
import { manifestProblems } from './k8s-validate';

/** Prometheus duration as the CRDs accept it (model.ParseDuration). */
const DURATION = '^((([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?|0)$';
const LABELS = { type: 'object', additionalProperties: { type: 'string' } };
const META = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string' }, namespace: { type: 'string' }, labels: LABELS },
};
const SELECTOR = {
  type: 'object',
  additionalProperties: false,
  required: ['matchLabels'],
  properties: { matchLabels: { ...LABELS, minProperties: 1 } },
};
/** Rule groups in Prometheus' format (rulefmt), the same for GMP Rules and for promtool. */
const RULE_GROUPS = {
  type: 'array',
  minItems: 1,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'rules'],
    properties: {
      name: { type: 'string', minLength: 1 },
      interval: { type: 'string', pattern: DURATION },
      rules: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['alert', 'expr'],
          properties: {
            alert: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' },
            expr: { type: 'string', minLength: 1 },
            for: { type: 'string', pattern: DURATION },
            labels: LABELS,
            annotations: LABELS,
          },
        },
      },
    },
  },
};

const GMP_SCHEMAS = {
  PodMonitoring: {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { const: 'monitoring.googleapis.com/v1' },
      kind: { const: 'PodMonitoring' },
      metadata: META,
      spec: {
        type: 'object',
        additionalProperties: false,
        required: ['selector', 'endpoints'],
        properties: {
          selector: SELECTOR,
          endpoints: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['port'],
              properties: {
                port: {
                  anyOf: [
                    { type: 'string', minLength: 1 },
                    { type: 'integer', minimum: 1, maximum: 65535 },
                  ],
                },
                path: { type: 'string', pattern: '^/' },
                scheme: { enum: ['http', 'https'] },
                interval: { type: 'string', pattern: DURATION },
                timeout: { type: 'string', pattern: DURATION },
              },
            },
          },
        },
      },
    },
  },
  Rules: {
    type: 'object',
    additionalProperties: false,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
    properties: {
      apiVersion: { const: 'monitoring.googleapis.com/v1' },
      kind: { const: 'Rules' },
      metadata: META,
      spec: {
        type: 'object',
        additionalProperties: false,
        required: ['groups'],
        properties: { groups: RULE_GROUPS },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const gmpValidators = Object.fromEntries(
  Object.entries(GMP_SCHEMAS).map(([kind, schema]) => [kind, ajv.compile(schema)]),
) as Record<keyof typeof GMP_SCHEMAS, ReturnType<typeof ajv.compile>>;

/** The keys prometheus-operator's CRDs define at each path this project writes (from the CRD schema). */
const OPERATOR_KEYS: Record<string, readonly string[]> = {
  '': ['apiVersion', 'kind', 'metadata', 'spec'],
  '/metadata': ['name', 'namespace', 'labels'],
  '/spec': ['jobLabel', 'selector', 'namespaceSelector', 'podMetricsEndpoints', 'groups'],
  '/spec/selector': ['matchLabels'],
  '/spec/namespaceSelector': ['matchNames', 'any'],
  '/spec/podMetricsEndpoints/*': ['port', 'path', 'scheme', 'interval', 'scrapeTimeout'],
  '/spec/groups/*': ['name', 'interval', 'rules'],
  '/spec/groups/*/rules/*': ['alert', 'expr', 'for', 'labels', 'annotations'],
};

/** Paths whose values are free-form maps (labels, annotations). */
const MAPS = /\/(labels|annotations|matchLabels)$/;

function operatorUnknownKeys(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null || MAPS.test(path)) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => operatorUnknownKeys(v, `${path}/${i}`));
  const known = OPERATOR_KEYS[path.replace(/\/\d+/g, '/*')];
  const problems: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (known && !known.includes(key)) problems.push(`${path}/${key}: unknown key`);
    else problems.push(...operatorUnknownKeys(child, `${path}/${key}`));
  }
  return problems;
}

const MONITORING_KINDS = new Set(['PodMonitoring', 'Rules', 'PodMonitor', 'PrometheusRule']);

/** Problems of one monitoring custom resource; [] when it is valid. */
export function monitoringManifestProblems(m: Manifest): string[] {
  const kind = String(m.kind);
  if (kind === 'PodMonitoring' || kind === 'Rules') {
    const validate = gmpValidators[kind];
    return validate(m)
      ? []
      : (validate.errors ?? []).map((e) => `${kind} ${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
  }
  if (kind === 'PodMonitor' || kind === 'PrometheusRule') {
    const Model = kind === 'PodMonitor' ? PodMonitor : PrometheusRule;
    const problems = operatorUnknownKeys(m).map((p) => `${kind} ${p}`);
    try {
      new Model(structuredClone(m) as never).validate();
    } catch (err) {
      const details = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
      problems.push(
        ...(details
          ? details.map((e) => `${kind} ${e.instancePath || '/'}: ${e.message ?? 'invalid'}`)
          : [String(err)]),
      );
    }
    return problems;
  }
  return [`${kind}: not a monitoring resource`];
}

/** Problems of any manifest the serving chart emits: monitoring resources here, the rest by k8s-validate. */
export function anyManifestProblems(m: Manifest): string[] {
  return MONITORING_KINDS.has(String(m.kind)) ? monitoringManifestProblems(m) : manifestProblems(m);
}

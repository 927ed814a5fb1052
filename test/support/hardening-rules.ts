import { imagePinProblem } from '../../src/constructs/k8s-syntax';

/**
 * A hardening rule set over synthesized manifests: the checks kube-score and checkov make on
 * workloads, in code, so a regression fails a unit test instead of a cluster admission or a scan.
 * Pure: plain manifest objects in, findings out. Input is treated as untrusted JSON.
 */

/** Identifier of a rule; stable, used in findings and in docs/manifests.md. */
export type HardeningRuleId =
  | 'probes'
  | 'resources'
  | 'run-as-non-root'
  | 'read-only-root-filesystem'
  | 'no-privilege-escalation'
  | 'drop-all-capabilities'
  | 'seccomp-runtime-default'
  | 'image-pinned'
  | 'no-service-account-token'
  | 'pdb-covers-workload'
  | 'network-policy-covers-workload'
  | 'hpa-owns-replicas'
  | 'service-targets-pods';

/** What a rule checks and the kube-score / checkov checks it stands for. */
export interface HardeningRule {
  readonly id: HardeningRuleId;
  readonly description: string;
  readonly kubeScore: readonly string[];
  readonly checkov: readonly string[];
}

/** One violation: which object (and container), which rule, and why. */
export interface HardeningFinding {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly container?: string;
  readonly ruleId: HardeningRuleId;
  readonly message: string;
}

/** The rules, in the order findings are reported. */
export const HARDENING_RULES: readonly HardeningRule[] = [
  {
    id: 'probes',
    description: 'long-running containers have readiness and liveness probes, and they differ',
    kubeScore: ['pod-probes'],
    checkov: ['CKV_K8S_8', 'CKV_K8S_9'],
  },
  {
    id: 'resources',
    description: 'every container requests and limits CPU, memory and ephemeral storage',
    kubeScore: ['container-resources', 'container-ephemeral-storage-request-and-limit'],
    checkov: ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13'],
  },
  {
    id: 'run-as-non-root',
    description: 'runAsNonRoot with numeric runAsUser and runAsGroup >= 10000 (container or pod level)',
    kubeScore: ['container-security-context-user-group-id'],
    checkov: ['CKV_K8S_23', 'CKV_K8S_40'],
  },
  {
    id: 'read-only-root-filesystem',
    description: 'readOnlyRootFilesystem: true on every container',
    kubeScore: ['container-security-context-readonlyrootfilesystem'],
    checkov: ['CKV_K8S_22'],
  },
  {
    id: 'no-privilege-escalation',
    description: 'allowPrivilegeEscalation: false and not privileged',
    kubeScore: ['container-security-context-privileged'],
    checkov: ['CKV_K8S_16', 'CKV_K8S_20'],
  },
  {
    id: 'drop-all-capabilities',
    description: 'capabilities drop ALL and add none',
    kubeScore: [],
    checkov: ['CKV_K8S_25', 'CKV_K8S_28', 'CKV_K8S_37', 'CKV_K8S_39'],
  },
  {
    id: 'seccomp-runtime-default',
    description: 'seccompProfile RuntimeDefault (or Localhost) at container or pod level',
    kubeScore: ['container-seccomp-profile'],
    checkov: ['CKV_K8S_31'],
  },
  {
    id: 'image-pinned',
    description: 'image pinned by a tag other than latest, or by digest',
    kubeScore: ['container-image-tag'],
    checkov: ['CKV_K8S_14'],
  },
  {
    id: 'no-service-account-token',
    description: 'automountServiceAccountToken false (pod, or its ServiceAccount when the pod leaves it unset)',
    kubeScore: [],
    checkov: ['CKV_K8S_38'],
  },
  {
    id: 'pdb-covers-workload',
    description: 'a PodDisruptionBudget selects the pods of every Deployment/StatefulSet and allows a disruption',
    kubeScore: [
      'deployment-has-poddisruptionbudget',
      'statefulset-has-poddisruptionbudget',
      'poddisruptionbudget-has-policy',
    ],
    checkov: [],
  },
  {
    id: 'network-policy-covers-workload',
    description: 'NetworkPolicies selecting the pods isolate both ingress and egress',
    kubeScore: ['pod-networkpolicy', 'networkpolicy-targets-pod'],
    checkov: [],
  },
  {
    id: 'hpa-owns-replicas',
    description: 'an HPA targets an existing workload, and that workload sets no replicas',
    kubeScore: ['horizontalpodautoscaler-has-target', 'deployment-targeted-by-hpa-does-not-have-replicas-configured'],
    checkov: [],
  },
  {
    id: 'service-targets-pods',
    description: 'a Service selector matches the pods of a workload in the same namespace',
    kubeScore: ['service-targets-pod'],
    checkov: [],
  },
];

type Json = Record<string, unknown>;

/** A Kubernetes label selector (`matchLabels` / `matchExpressions`). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { key: string; operator: string; values?: readonly string[] }[];
}

/**
 * Whether a label selector selects a set of labels (kubernetes.io "Labels and Selectors": all
 * requirements ANDed; an empty selector selects everything, a missing one nothing).
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = isObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels[key] !== value) return false;
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const expr of expressions) {
    if (!isObject(expr) || typeof expr.key !== 'string') return false;
    const values = Array.isArray(expr.values) ? expr.values : [];
    const has = Object.prototype.hasOwnProperty.call(labels, expr.key);
    const value = labels[expr.key];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const POD_TEMPLATE_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
]);
const LONG_RUNNING_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
]);
const PDB_KINDS = new Set(['Deployment', 'StatefulSet']);

interface Workload {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly manifest: Json;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podSpec: Json;
}

/** Runs every rule over a set of manifests (one namespace or several) and returns the findings. */
export function checkHardening(manifests: readonly unknown[]): HardeningFinding[] {
  const objects = manifests.filter(isObject);
  const workloads = objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
  const findings: HardeningFinding[] = [];
  for (const w of workloads) {
    const report = (ruleId: HardeningRuleId, message: string, container?: string): void => {
      findings.push({
        kind: w.kind,
        name: w.name,
        namespace: w.namespace,
        ...(container === undefined ? {} : { container }),
        ruleId,
        message,
      });
    };
    checkContainers(w, report);
    checkServiceAccountToken(w, objects, report);
    checkDisruptionBudget(w, objects, report);
    checkNetworkPolicy(w, objects, report);
  }
  for (const obj of objects) {
    const kind = str(obj.kind);
    const meta = isObject(obj.metadata) ? obj.metadata : {};
    const report = (ruleId: HardeningRuleId, message: string): void => {
      findings.push({ kind, name: str(meta.name), namespace: namespaceOf(obj), ruleId, message });
    };
    if (kind === 'HorizontalPodAutoscaler') checkAutoscaler(obj, workloads, report);
    if (kind === 'Service') checkService(obj, workloads, report);
  }
  const order = new Map(HARDENING_RULES.map((r, i) => [r.id, i]));
  return findings.sort((a, b) => (order.get(a.ruleId) ?? 0) - (order.get(b.ruleId) ?? 0));
}

type Report = (ruleId: HardeningRuleId, message: string, container?: string) => void;

function checkContainers(w: Workload, report: Report): void {
  const podSecurity = isObject(w.podSpec.securityContext) ? w.podSpec.securityContext : {};
  const containers = arrayOfObjects(w.podSpec.containers);
  const initContainers = arrayOfObjects(w.podSpec.initContainers);
  if (containers.length === 0) report('probes', 'the pod template has no containers');
  for (const [c, isInit] of [
    ...containers.map((c) => [c, false] as const),
    ...initContainers.map((c) => [c, true] as const),
  ]) {
    const name = str(c.name);
    const sc = isObject(c.securityContext) ? c.securityContext : {};
    const effective = (key: string): unknown => (sc[key] !== undefined ? sc[key] : podSecurity[key]);

    if (!isInit && LONG_RUNNING_KINDS.has(w.kind)) {
      if (!isObject(c.readinessProbe)) report('probes', 'has no readinessProbe', name);
      if (!isObject(c.livenessProbe)) report('probes', 'has no livenessProbe', name);
      if (isObject(c.readinessProbe) && JSON.stringify(c.readinessProbe) === JSON.stringify(c.livenessProbe)) {
        report(
          'probes',
          'readinessProbe and livenessProbe are identical (a slow pod would be restarted, not just unrouted)',
          name,
        );
      }
    }

    const resources = isObject(c.resources) ? c.resources : {};
    for (const section of ['requests', 'limits'] as const) {
      const values = isObject(resources[section]) ? resources[section] : {};
      for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
        if (values[resource] === undefined || values[resource] === null)
          report('resources', `has no ${resource} ${section.slice(0, -1)}`, name);
      }
    }

    if (effective('runAsNonRoot') !== true) report('run-as-non-root', 'runAsNonRoot is not true', name);
    for (const key of ['runAsUser', 'runAsGroup']) {
      const id = effective(key);
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 10000) {
        report('run-as-non-root', `${key} must be a numeric id >= 10000, got ${JSON.stringify(id)}`, name);
      }
    }

    if (sc.readOnlyRootFilesystem !== true)
      report('read-only-root-filesystem', 'readOnlyRootFilesystem is not true', name);

    if (sc.allowPrivilegeEscalation !== false)
      report('no-privilege-escalation', 'allowPrivilegeEscalation is not false', name);
    if (sc.privileged === true) report('no-privilege-escalation', 'runs privileged', name);

    const caps = isObject(sc.capabilities) ? sc.capabilities : {};
    const drop = Array.isArray(caps.drop) ? caps.drop : [];
    if (!drop.includes('ALL')) report('drop-all-capabilities', 'does not drop ALL capabilities', name);
    if (Array.isArray(caps.add) && caps.add.length > 0) {
      report('drop-all-capabilities', `adds capabilities ${JSON.stringify(caps.add)}`, name);
    }

    const seccomp = effective('seccompProfile');
    const type = isObject(seccomp) ? seccomp.type : undefined;
    if (type !== 'RuntimeDefault' && type !== 'Localhost') {
      report(
        'seccomp-runtime-default',
        `seccompProfile type must be RuntimeDefault, got ${JSON.stringify(type)}`,
        name,
      );
    }

    const image = typeof c.image === 'string' ? c.image : '';
    const problem = imagePinProblem(image);
    if (problem !== undefined) report('image-pinned', `image ${JSON.stringify(image)} ${problem}`, name);
  }
}

function checkServiceAccountToken(w: Workload, objects: readonly Json[], report: Report): void {
  const podSetting = w.podSpec.automountServiceAccountToken;
  if (podSetting === false) return;
  if (podSetting === true) {
    report('no-service-account-token', 'automountServiceAccountToken is true');
    return;
  }
  const saName = str(w.podSpec.serviceAccountName) || 'default';
  const sa = objects.find((o) => o.kind === 'ServiceAccount' && nameOf(o) === saName && namespaceOf(o) === w.namespace);
  if (sa?.automountServiceAccountToken !== false) {
    report(
      'no-service-account-token',
      `automountServiceAccountToken is unset and ServiceAccount ${saName} does not disable it`,
    );
  }
}

function checkDisruptionBudget(w: Workload, objects: readonly Json[], report: Report): void {
  if (!PDB_KINDS.has(w.kind)) return;
  const pdbs = objects.filter(
    (o) =>
      o.kind === 'PodDisruptionBudget' &&
      namespaceOf(o) === w.namespace &&
      isObject(o.spec) &&
      selectorMatches(o.spec.selector, w.podLabels),
  );
  if (pdbs.length === 0) {
    report('pdb-covers-workload', 'no PodDisruptionBudget selects its pods');
    return;
  }
  for (const pdb of pdbs) {
    const spec = pdb.spec as Json;
    if (spec.maxUnavailable === undefined && spec.minAvailable === undefined) {
      report('pdb-covers-workload', `PodDisruptionBudget ${nameOf(pdb)} sets neither maxUnavailable nor minAvailable`);
    }
    if (spec.maxUnavailable === 0 || spec.maxUnavailable === '0%' || spec.minAvailable === '100%') {
      report(
        'pdb-covers-workload',
        `PodDisruptionBudget ${nameOf(pdb)} allows no disruption (node drains would block)`,
      );
    }
  }
}

function checkNetworkPolicy(w: Workload, objects: readonly Json[], report: Report): void {
  const types = new Set<string>();
  for (const np of objects) {
    if (np.kind !== 'NetworkPolicy' || namespaceOf(np) !== w.namespace || !isObject(np.spec)) continue;
    if (!selectorMatches(np.spec.podSelector, w.podLabels)) continue;
    // Without policyTypes, Ingress always applies and Egress when egress rules exist.
    const declared = Array.isArray(np.spec.policyTypes)
      ? np.spec.policyTypes
      : ['Ingress', ...(np.spec.egress !== undefined ? ['Egress'] : [])];
    for (const t of declared) if (typeof t === 'string') types.add(t);
  }
  for (const direction of ['Ingress', 'Egress']) {
    if (!types.has(direction))
      report('network-policy-covers-workload', `no NetworkPolicy isolates its pods for ${direction}`);
  }
}

function checkAutoscaler(
  hpa: Json,
  workloads: readonly Workload[],
  report: (id: HardeningRuleId, m: string) => void,
): void {
  const ref = isObject(hpa.spec) && isObject(hpa.spec.scaleTargetRef) ? hpa.spec.scaleTargetRef : {};
  const target = workloads.find(
    (w) =>
      w.kind === ref.kind &&
      w.name === ref.name &&
      w.namespace === namespaceOf(hpa) &&
      w.manifest.apiVersion === ref.apiVersion,
  );
  if (target === undefined) {
    report(
      'hpa-owns-replicas',
      `scaleTargetRef ${str(ref.apiVersion)} ${str(ref.kind)}/${str(ref.name)} is not among the manifests`,
    );
    return;
  }
  const replicas = isObject(target.manifest.spec) ? target.manifest.spec.replicas : undefined;
  if (replicas !== undefined) {
    report(
      'hpa-owns-replicas',
      `target ${target.kind}/${target.name} sets replicas ${JSON.stringify(replicas)}; every kubectl apply would reset the HPA's count`,
    );
  }
}

function checkService(
  svc: Json,
  workloads: readonly Workload[],
  report: (id: HardeningRuleId, m: string) => void,
): void {
  const selector = isObject(svc.spec) && isObject(svc.spec.selector) ? svc.spec.selector : undefined;
  if (selector === undefined || Object.keys(selector).length === 0) return; // selector-less Services are managed by hand
  const matched = workloads.some(
    (w) => w.namespace === namespaceOf(svc) && selectorMatches({ matchLabels: selector }, w.podLabels),
  );
  if (!matched) report('service-targets-pods', `selector ${JSON.stringify(selector)} matches no workload's pods`);
}

function toWorkload(obj: Json): Workload | undefined {
  const kind = str(obj.kind);
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  let template: Json | undefined;
  if (kind === 'Pod') template = { metadata: obj.metadata, spec: obj.spec };
  else if (kind === 'CronJob') {
    const jobSpec =
      spec && isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
    template = jobSpec && isObject(jobSpec.template) ? jobSpec.template : undefined;
  } else if (POD_TEMPLATE_KINDS.has(kind)) template = spec && isObject(spec.template) ? spec.template : undefined;
  else return undefined;
  const meta = template && isObject(template.metadata) ? template.metadata : {};
  const labels = isObject(meta.labels) ? (meta.labels as Record<string, string>) : {};
  return {
    kind,
    name: nameOf(obj),
    namespace: namespaceOf(obj),
    manifest: obj,
    podLabels: labels,
    podSpec: template && isObject(template.spec) ? template.spec : {},
  };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOfObjects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nameOf(obj: Json): string {
  return isObject(obj.metadata) ? str(obj.metadata.name) : '';
}

function namespaceOf(obj: Json): string {
  return (isObject(obj.metadata) ? str(obj.metadata.namespace) : '') || 'default';
}

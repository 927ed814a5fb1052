import {
  HARDENING_RULES,
  type HardeningFinding,
  type HardeningRuleId,
  checkHardening,
  selectorMatches,
} from './hardening-rules';
import { type Manifest, configFor, firstContainer, only, synthServing } from './k8s-manifests';

const NAME = 'mlops-toxic-detection-api';

function synthesized(mode: 'autoscaled' | 'static'): Manifest[] {
  return synthServing(configFor(mode));
}

/** A fresh copy of the autoscaled chart output with one change applied. */
function broken(change: (manifests: Manifest[]) => void): Manifest[] {
  const manifests = structuredClone(synthesized('autoscaled'));
  change(manifests);
  return manifests;
}

const deployment = (ms: Manifest[]): Manifest => only(ms, 'Deployment');
const container = (ms: Manifest[]): Manifest => firstContainer(deployment(ms));
const podSpec = (ms: Manifest[]): Manifest => deployment(ms).spec.template.spec as Manifest;
const without = (ms: Manifest[], kind: string): void => {
  ms.splice(
    ms.findIndex((m) => m.kind === kind),
    1,
  );
};

function finding(ruleId: HardeningRuleId, message: string, container?: string, kind = 'Deployment'): HardeningFinding {
  return { kind, name: NAME, namespace: 'toxicity', ...(container ? { container } : {}), ruleId, message };
}

/** One deliberately broken manifest set per rule (several for some), with the findings expected. */
const CASES: [HardeningRuleId, string, (ms: Manifest[]) => void, HardeningFinding[]][] = [
  [
    'probes',
    'no readiness probe',
    (ms) => delete container(ms).readinessProbe,
    [finding('probes', 'has no readinessProbe', 'api')],
  ],
  [
    'probes',
    'no liveness probe',
    (ms) => delete container(ms).livenessProbe,
    [finding('probes', 'has no livenessProbe', 'api')],
  ],
  [
    'probes',
    'identical probes',
    (ms) => {
      container(ms).livenessProbe = structuredClone(container(ms).readinessProbe as Manifest);
    },
    [
      finding(
        'probes',
        'readinessProbe and livenessProbe are identical (a slow pod would be restarted, not just unrouted)',
        'api',
      ),
    ],
  ],
  [
    'resources',
    'no memory limit',
    (ms) => delete container(ms).resources.limits.memory,
    [finding('resources', 'has no memory limit', 'api')],
  ],
  [
    'resources',
    'no ephemeral-storage request',
    (ms) => delete container(ms).resources.requests['ephemeral-storage'],
    [finding('resources', 'has no ephemeral-storage request', 'api')],
  ],
  [
    'run-as-non-root',
    'runAsNonRoot false on the container',
    (ms) => (container(ms).securityContext.runAsNonRoot = false),
    [finding('run-as-non-root', 'runAsNonRoot is not true', 'api')],
  ],
  [
    'run-as-non-root',
    'a low UID on the container overriding the pod',
    (ms) => (container(ms).securityContext.runAsUser = 1000),
    [finding('run-as-non-root', 'runAsUser must be a numeric id >= 10000, got 1000', 'api')],
  ],
  [
    'run-as-non-root',
    'no group anywhere',
    (ms) => {
      delete container(ms).securityContext.runAsGroup;
      delete podSpec(ms).securityContext.runAsGroup;
    },
    [finding('run-as-non-root', 'runAsGroup must be a numeric id >= 10000, got undefined', 'api')],
  ],
  [
    'read-only-root-filesystem',
    'a writable root filesystem',
    (ms) => (container(ms).securityContext.readOnlyRootFilesystem = false),
    [finding('read-only-root-filesystem', 'readOnlyRootFilesystem is not true', 'api')],
  ],
  [
    'no-privilege-escalation',
    'allowPrivilegeEscalation unset',
    (ms) => delete container(ms).securityContext.allowPrivilegeEscalation,
    [finding('no-privilege-escalation', 'allowPrivilegeEscalation is not false', 'api')],
  ],
  [
    'no-privilege-escalation',
    'a privileged container',
    (ms) => (container(ms).securityContext.privileged = true),
    [finding('no-privilege-escalation', 'runs privileged', 'api')],
  ],
  [
    'drop-all-capabilities',
    'dropping only NET_RAW',
    (ms) => (container(ms).securityContext.capabilities = { drop: ['NET_RAW'] }),
    [finding('drop-all-capabilities', 'does not drop ALL capabilities', 'api')],
  ],
  [
    'drop-all-capabilities',
    'adding a capability',
    (ms) => (container(ms).securityContext.capabilities.add = ['NET_ADMIN']),
    [finding('drop-all-capabilities', 'adds capabilities ["NET_ADMIN"]', 'api')],
  ],
  [
    'seccomp-runtime-default',
    'no seccomp profile',
    (ms) => delete podSpec(ms).securityContext.seccompProfile,
    [finding('seccomp-runtime-default', 'seccompProfile type must be RuntimeDefault, got undefined', 'api')],
  ],
  [
    'seccomp-runtime-default',
    'Unconfined on the container overriding the pod',
    (ms) => (container(ms).securityContext.seccompProfile = { type: 'Unconfined' }),
    [finding('seccomp-runtime-default', 'seccompProfile type must be RuntimeDefault, got "Unconfined"', 'api')],
  ],
  [
    'image-pinned',
    'the latest tag',
    (ms) => (container(ms).image = 'europe-west1-docker.pkg.dev/p/r/toxicity-api:latest'),
    [finding('image-pinned', 'image "europe-west1-docker.pkg.dev/p/r/toxicity-api:latest" uses the latest tag', 'api')],
  ],
  [
    'image-pinned',
    'no tag',
    (ms) => (container(ms).image = 'toxicity-api'),
    [finding('image-pinned', 'image "toxicity-api" has no tag (means latest)', 'api')],
  ],
  [
    'no-service-account-token',
    'token automount switched on',
    (ms) => (podSpec(ms).automountServiceAccountToken = true),
    [finding('no-service-account-token', 'automountServiceAccountToken is true')],
  ],
  [
    'no-service-account-token',
    'unset on the pod and on its ServiceAccount',
    (ms) => {
      delete podSpec(ms).automountServiceAccountToken;
      delete only(ms, 'ServiceAccount').automountServiceAccountToken;
    },
    [
      finding(
        'no-service-account-token',
        `automountServiceAccountToken is unset and ServiceAccount ${NAME} does not disable it`,
      ),
    ],
  ],
  [
    'pdb-covers-workload',
    'no PDB',
    (ms) => without(ms, 'PodDisruptionBudget'),
    [finding('pdb-covers-workload', 'no PodDisruptionBudget selects its pods')],
  ],
  [
    'pdb-covers-workload',
    'a PDB selecting other pods',
    (ms) => (only(ms, 'PodDisruptionBudget').spec.selector.matchLabels['app.kubernetes.io/name'] = 'other'),
    [finding('pdb-covers-workload', 'no PodDisruptionBudget selects its pods')],
  ],
  [
    'pdb-covers-workload',
    'a PDB in another namespace',
    (ms) => (only(ms, 'PodDisruptionBudget').metadata.namespace = 'elsewhere'),
    [finding('pdb-covers-workload', 'no PodDisruptionBudget selects its pods')],
  ],
  [
    'pdb-covers-workload',
    'a PDB allowing no disruption',
    (ms) => (only(ms, 'PodDisruptionBudget').spec.maxUnavailable = 0),
    [finding('pdb-covers-workload', `PodDisruptionBudget ${NAME} allows no disruption (node drains would block)`)],
  ],
  [
    'network-policy-covers-workload',
    'no NetworkPolicy',
    (ms) => without(ms, 'NetworkPolicy'),
    [
      finding('network-policy-covers-workload', 'no NetworkPolicy isolates its pods for Ingress'),
      finding('network-policy-covers-workload', 'no NetworkPolicy isolates its pods for Egress'),
    ],
  ],
  [
    'network-policy-covers-workload',
    'ingress-only isolation',
    (ms) => (only(ms, 'NetworkPolicy').spec.policyTypes = ['Ingress']),
    [finding('network-policy-covers-workload', 'no NetworkPolicy isolates its pods for Egress')],
  ],
  [
    'hpa-owns-replicas',
    'replicas on an autoscaled Deployment',
    (ms) => (deployment(ms).spec.replicas = 3),
    [
      finding(
        'hpa-owns-replicas',
        `target Deployment/${NAME} sets replicas 3; every kubectl apply would reset the HPA's count`,
        undefined,
        'HorizontalPodAutoscaler',
      ),
    ],
  ],
  [
    'hpa-owns-replicas',
    'an HPA targeting a missing Deployment',
    (ms) => (only(ms, 'HorizontalPodAutoscaler').spec.scaleTargetRef.name = 'gone'),
    [
      finding(
        'hpa-owns-replicas',
        'scaleTargetRef apps/v1 Deployment/gone is not among the manifests',
        undefined,
        'HorizontalPodAutoscaler',
      ),
    ],
  ],
  [
    'service-targets-pods',
    'a Service selecting nothing',
    (ms) => (only(ms, 'Service').spec.selector['app.kubernetes.io/instance'] = 'other'),
    [
      finding(
        'service-targets-pods',
        'selector {"app.kubernetes.io/instance":"other","app.kubernetes.io/name":"mlops-toxic-detection-api"} matches no workload\'s pods',
        undefined,
        'Service',
      ),
    ],
  ],
];

describe('checkHardening', () => {
  it.each(['autoscaled', 'static'] as const)('finds nothing in the synthesized %s manifests', (mode) => {
    expect(checkHardening(synthesized(mode))).toEqual([]);
  });

  it.each(CASES)('fires %s on %s', (_rule, _case, change, expected) => {
    expect(checkHardening(broken(change))).toEqual(expected);
  });

  it('has a failing case for every rule', () => {
    expect(new Set(CASES.map(([rule]) => rule))).toEqual(new Set(HARDENING_RULES.map((r) => r.id)));
  });

  it('checks init containers too', () => {
    const ms = broken((m) => (podSpec(m).initContainers = [{ name: 'fetch-model', image: 'busybox:1.36' }]));
    const rules = checkHardening(ms)
      .filter((f) => f.container === 'fetch-model')
      .map((f) => f.ruleId);
    expect(new Set(rules)).toEqual(
      new Set(['resources', 'read-only-root-filesystem', 'no-privilege-escalation', 'drop-all-capabilities']),
    );
    expect(rules).not.toContain('probes');
  });

  it('accepts settings inherited from the pod security context', () => {
    const ms = broken((m) => {
      const sc = container(m).securityContext;
      delete sc.runAsNonRoot;
      delete sc.runAsUser;
      delete sc.runAsGroup;
    });
    expect(checkHardening(ms)).toEqual([]);
  });

  it('accepts an image pinned by digest and a token disabled only on the ServiceAccount', () => {
    const ms = broken((m) => {
      container(m).image = `europe-west1-docker.pkg.dev/p/r/toxicity-api@sha256:${'ab'.repeat(32)}`;
      delete podSpec(m).automountServiceAccountToken;
    });
    expect(checkHardening(ms)).toEqual([]);
  });

  it('reports a bare Pod and a workload without containers', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x:1' }] },
    };
    const rules = new Set(checkHardening([pod]).map((f) => f.ruleId));
    expect(rules).toEqual(
      new Set([
        'probes',
        'resources',
        'run-as-non-root',
        'read-only-root-filesystem',
        'no-privilege-escalation',
        'drop-all-capabilities',
        'seccomp-runtime-default',
        'no-service-account-token',
        'network-policy-covers-workload',
      ]),
    );
    const empty = { kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: {} } } };
    expect(checkHardening([empty]).filter((f) => f.ruleId === 'probes')).toEqual([
      {
        kind: 'Deployment',
        name: 'd',
        namespace: 'default',
        ruleId: 'probes',
        message: 'the pod template has no containers',
      },
    ]);
  });

  it('ignores input that is not a manifest without throwing', () => {
    expect(checkHardening([null, 'text', 42, [], {}, { kind: 'ConfigMap' }])).toEqual([]);
  });

  it('reports findings in rule order', () => {
    const ms = broken((m) => {
      without(m, 'NetworkPolicy');
      delete container(m).readinessProbe;
    });
    expect(checkHardening(ms).map((f) => f.ruleId)).toEqual([
      'probes',
      'network-policy-covers-workload',
      'network-policy-covers-workload',
    ]);
  });
});

describe('selectorMatches', () => {
  const labels = { app: 'api', tier: 'web' };

  it('matches on matchLabels and every expression operator', () => {
    expect(selectorMatches({ matchLabels: { app: 'api' } }, labels)).toBe(true);
    expect(
      selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'db'] }] }, labels),
    ).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
  });

  it('fails on a mismatch in any requirement', () => {
    expect(selectorMatches({ matchLabels: { app: 'other' } }, labels)).toBe(false);
    expect(
      selectorMatches(
        { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] },
        labels,
      ),
    ).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['web'] }] }, labels)).toBe(
      false,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Like' }] }, labels)).toBe(false);
  });

  it('treats an empty selector as everything and a missing one as nothing', () => {
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
  });
});

/**
 * Manifest checks for tests: the Kubernetes OpenAPI schema (kubernetes-models 4.5, Kubernetes 1.33),
 * unknown keys (which that schema lets through), and the API server's syntax rules the schema does
 * not carry (names, labels, ports, CIDRs).
 */
import { k8s } from 'cdk8s-plus-27';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import {
  isCidr,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isLabelValue,
  isPortName,
  isPortNumber,
  isQualifiedName,
} from '../../src/constructs/k8s-syntax';
import type { Manifest } from './k8s-manifests';

interface Validatable {
  validate(): void;
}

/** kubernetes-models class per `apiVersion/kind` the charts emit. */
const MODELS: Record<string, new (data: never) => Validatable> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

/** The L1 serializer of cdk8s-plus-27 per `apiVersion/kind`; it reads exactly the keys the schema knows. */
const SERIALIZERS: Record<string, (obj: never) => unknown> = {
  'apps/v1/Deployment': k8s.toJson_KubeDeploymentProps,
  'autoscaling/v2/HorizontalPodAutoscaler': k8s.toJson_KubeHorizontalPodAutoscalerV2Props,
  'networking.k8s.io/v1/NetworkPolicy': k8s.toJson_KubeNetworkPolicyProps,
  'policy/v1/PodDisruptionBudget': k8s.toJson_KubePodDisruptionBudgetProps,
  'v1/ConfigMap': k8s.toJson_KubeConfigMapProps,
  'v1/Namespace': k8s.toJson_KubeNamespaceProps,
  'v1/Service': k8s.toJson_KubeServiceProps,
  'v1/ServiceAccount': k8s.toJson_KubeServiceAccountProps,
};

function typeKey(m: Manifest): string {
  return `${String(m.apiVersion)}/${String(m.kind)}`;
}

/** Errors from the Kubernetes OpenAPI schema (types, required fields, enums, quantities). */
export function schemaErrors(m: Manifest): string[] {
  const Model = MODELS[typeKey(m)];
  if (!Model) return [`no schema model for ${typeKey(m)}`];
  try {
    new Model(structuredClone(m) as never).validate();
    return [];
  } catch (err) {
    const details = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
    return details ? details.map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`) : [String(err)];
  }
}

/**
 * Keys the Kubernetes API does not know (a typo such as `readinesProbe` passes the OpenAPI check and
 * the API server would drop it). Found by running cdk8s-plus-27's generated L1 serializer over the
 * manifest through a proxy that records every key it reads: a key it never reads is not in the
 * (Kubernetes 1.27) schema. Map-valued fields (labels, data) are read as a whole.
 */
export function unknownKeys(m: Manifest): string[] {
  const serialize = SERIALIZERS[typeKey(m)];
  if (!serialize) return [`no serializer for ${typeKey(m)}`];
  const read = new Set<string>();
  const body = structuredClone(m);
  delete body.apiVersion;
  delete body.kind;
  serialize(track(body, '', read) as never);
  const unknown: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = `${path}/${key}`;
      if (!read.has(childPath)) unknown.push(childPath);
      else walk(child, childPath);
    }
  };
  walk(body, '');
  return unknown;
}

function track(value: unknown, path: string, read: Set<string>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key !== 'string') return Reflect.get(target, key, receiver) as unknown;
      // The generated TypeScript names differ from the JSON ones only in acronym case
      // (setHostnameAsFqdn reads setHostnameAsFQDN), so a key is matched case-insensitively.
      const own = Object.prototype.hasOwnProperty.call(target, key)
        ? key
        : Object.keys(target).find((k) => k.toLowerCase() === key.toLowerCase());
      if (own === undefined) return Reflect.get(target, key, receiver) as unknown;
      read.add(`${path}/${own}`);
      return track((target as Record<string, unknown>)[own], `${path}/${own}`, read);
    },
  });
}

/** Syntax rules the API server applies that the schema does not carry. */
export function syntaxProblems(m: Manifest): string[] {
  const problems: string[] = [];
  const at = (path: string, text: string): void => {
    problems.push(`${path}: ${text}`);
  };
  const kind = String(m.kind);
  const name = m.metadata?.name;
  const nameOk = typeof name === 'string' && (kind === 'Service' ? isDns1035Label(name) : isDns1123Subdomain(name));
  if (!nameOk) at('/metadata/name', `not a valid ${kind} name: ${JSON.stringify(name)}`);
  if (m.metadata?.namespace !== undefined && !isDns1123Label(String(m.metadata.namespace))) {
    at('/metadata/namespace', `not a DNS-1123 label: ${JSON.stringify(m.metadata.namespace)}`);
  }
  checkMeta(m.metadata, '/metadata', at);

  if (kind === 'Deployment') {
    checkSelector(m.spec?.selector, '/spec/selector', at);
    checkMeta(m.spec?.template?.metadata, '/spec/template/metadata', at);
    checkPodSpec(m.spec?.template?.spec ?? {}, '/spec/template/spec', at);
  }
  if (kind === 'Service') {
    (m.spec?.ports ?? []).forEach((p: Manifest, i: number) => {
      const path = `/spec/ports/${i}`;
      if (!isPortNumber(p.port)) at(`${path}/port`, `not a port number: ${JSON.stringify(p.port)}`);
      const target = p.targetPort;
      if (!(isPortNumber(target) || (typeof target === 'string' && isPortName(target)))) {
        at(`${path}/targetPort`, `not a port number or name: ${JSON.stringify(target)}`);
      }
      if (p.name !== undefined && !isPortName(p.name))
        at(`${path}/name`, `not an IANA service name: ${JSON.stringify(p.name)}`);
    });
    for (const [k, v] of Object.entries(m.spec?.selector ?? {})) {
      if (!isQualifiedName(k) || !isLabelValue(String(v))) at('/spec/selector', `bad selector entry ${k}=${String(v)}`);
    }
    (m.spec?.loadBalancerSourceRanges ?? []).forEach((cidr: string, i: number) => {
      if (!isCidr(cidr)) at(`/spec/loadBalancerSourceRanges/${i}`, `not a CIDR: ${JSON.stringify(cidr)}`);
    });
  }
  if (kind === 'NetworkPolicy') {
    checkSelector(m.spec?.podSelector, '/spec/podSelector', at);
    for (const direction of ['ingress', 'egress'] as const) {
      (m.spec?.[direction] ?? []).forEach((rule: Manifest, i: number) => {
        const path = `/spec/${direction}/${i}`;
        (rule.ports ?? []).forEach((p: Manifest, j: number) => {
          if (!isPortNumber(p.port)) at(`${path}/ports/${j}/port`, `not a port number: ${JSON.stringify(p.port)}`);
        });
        (rule[direction === 'ingress' ? 'from' : 'to'] ?? []).forEach((peer: Manifest, j: number) => {
          const peerPath = `${path}/${direction === 'ingress' ? 'from' : 'to'}/${j}`;
          if (peer.ipBlock && !isCidr(peer.ipBlock.cidr))
            at(`${peerPath}/ipBlock/cidr`, `not a CIDR: ${JSON.stringify(peer.ipBlock.cidr)}`);
          if (peer.podSelector) checkSelector(peer.podSelector, `${peerPath}/podSelector`, at);
          if (peer.namespaceSelector) checkSelector(peer.namespaceSelector, `${peerPath}/namespaceSelector`, at);
        });
      });
    }
  }
  if (kind === 'PodDisruptionBudget') checkSelector(m.spec?.selector, '/spec/selector', at);
  if (kind === 'HorizontalPodAutoscaler' && !(m.spec?.minReplicas <= m.spec?.maxReplicas)) {
    at('/spec/minReplicas', `must be <= maxReplicas (${String(m.spec?.maxReplicas)})`);
  }
  if (kind === 'ConfigMap') {
    for (const key of Object.keys(m.data ?? {})) {
      if (!/^[-._a-zA-Z0-9]+$/.test(key) || key.length > 253) at('/data', `bad ConfigMap key ${JSON.stringify(key)}`);
    }
  }
  return problems;
}

type At = (path: string, text: string) => void;

function checkMeta(meta: Manifest | undefined, path: string, at: At): void {
  for (const [k, v] of Object.entries(meta?.labels ?? {})) {
    if (!isQualifiedName(k)) at(`${path}/labels`, `bad label key ${JSON.stringify(k)}`);
    if (typeof v !== 'string' || !isLabelValue(v)) at(`${path}/labels/${k}`, `bad label value ${JSON.stringify(v)}`);
  }
  for (const [k, v] of Object.entries(meta?.annotations ?? {})) {
    if (!isQualifiedName(k)) at(`${path}/annotations`, `bad annotation key ${JSON.stringify(k)}`);
    if (typeof v !== 'string')
      at(`${path}/annotations/${k}`, `annotation values must be strings, got ${JSON.stringify(v)}`);
  }
}

function checkSelector(selector: Manifest | undefined, path: string, at: At): void {
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) {
    if (!isQualifiedName(k) || typeof v !== 'string' || !isLabelValue(v))
      at(`${path}/matchLabels`, `bad entry ${k}=${String(v)}`);
  }
}

function checkPodSpec(spec: Manifest, path: string, at: At): void {
  const volumes = new Set<string>();
  (spec.volumes ?? []).forEach((v: Manifest, i: number) => {
    if (!isDns1123Label(String(v.name)))
      at(`${path}/volumes/${i}/name`, `not a DNS-1123 label: ${JSON.stringify(v.name)}`);
    if (volumes.has(v.name)) at(`${path}/volumes/${i}/name`, `duplicate volume ${String(v.name)}`);
    volumes.add(v.name);
  });
  const containerNames = new Set<string>();
  (spec.containers ?? []).forEach((c: Manifest, i: number) => {
    const cp = `${path}/containers/${i}`;
    if (!isDns1123Label(String(c.name))) at(`${cp}/name`, `not a DNS-1123 label: ${JSON.stringify(c.name)}`);
    if (containerNames.has(c.name)) at(`${cp}/name`, `duplicate container ${String(c.name)}`);
    containerNames.add(c.name);
    const portNames = new Set<string>();
    (c.ports ?? []).forEach((p: Manifest, j: number) => {
      if (!isPortNumber(p.containerPort))
        at(`${cp}/ports/${j}/containerPort`, `not a port number: ${JSON.stringify(p.containerPort)}`);
      if (p.name !== undefined) {
        if (!isPortName(p.name)) at(`${cp}/ports/${j}/name`, `not an IANA service name: ${JSON.stringify(p.name)}`);
        portNames.add(p.name);
      }
    });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      const port = c[probe]?.httpGet?.port;
      if (port !== undefined && !(isPortNumber(port) || portNames.has(port))) {
        at(`${cp}/${probe}/httpGet/port`, `neither a port number nor a named container port: ${JSON.stringify(port)}`);
      }
    }
    (c.env ?? []).forEach((e: Manifest, j: number) => {
      if (!isEnvVarName(String(e.name))) at(`${cp}/env/${j}/name`, `not an env var name: ${JSON.stringify(e.name)}`);
    });
    (c.volumeMounts ?? []).forEach((vm: Manifest, j: number) => {
      if (!volumes.has(vm.name)) at(`${cp}/volumeMounts/${j}/name`, `no volume named ${JSON.stringify(vm.name)}`);
    });
  });
}

/** Every problem of one manifest: schema, unknown keys and syntax, each prefixed with the object. */
export function manifestProblems(m: Manifest): string[] {
  const id = `${String(m.kind)}/${String(m.metadata?.name)}`;
  return [
    ...schemaErrors(m).map((e) => `${id} schema ${e}`),
    ...unknownKeys(m).map((k) => `${id} unknown key ${k}`),
    ...syntaxProblems(m).map((p) => `${id} ${p}`),
  ];
}

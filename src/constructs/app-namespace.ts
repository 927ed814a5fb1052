import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { checkLabels, checkName, propError } from './prop-checks';

/** Pod Security Standards level (kubernetes.io/docs/concepts/security/pod-security-standards). */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

const LEVELS: readonly PodSecurityLevel[] = ['privileged', 'baseline', 'restricted'];
const MODES = ['enforce', 'audit', 'warn'] as const;

export interface AppNamespaceProps {
  /** Namespace name (DNS-1123 label). */
  readonly name: string;
  /** Labels of the Namespace object (the Pod Security labels are added to them). */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Pod Security Standards level that admission enforces, audits and warns about in this namespace.
   * @default restricted
   */
  readonly podSecurity?: PodSecurityLevel;
}

/**
 * The namespace the app runs in, synthesized with the app so that the Pod Security Admission labels
 * (`pod-security.kubernetes.io/{enforce,audit,warn}`) travel with it: a pod template that stops being
 * `restricted`-clean is refused by the API server instead of running. The deploy step never prunes it.
 */
export class AppNamespace extends Construct {
  static readonly POD_SECURITY_PREFIX = 'pod-security.kubernetes.io';

  readonly resource: kplus.k8s.KubeNamespace;
  readonly name: string;
  readonly podSecurity: PodSecurityLevel;

  constructor(scope: Construct, id: string, props: AppNamespaceProps) {
    super(scope, id);
    const owner = 'AppNamespace';
    this.name = checkName(owner, 'name', props.name, 'dns1123-label');
    checkLabels(owner, 'labels', props.labels);
    const level = props.podSecurity ?? 'restricted';
    if (!LEVELS.includes(level)) throw propError(owner, 'podSecurity', `must be one of ${LEVELS.join(', ')}`, level);
    this.podSecurity = level;
    const podSecurityLabels = Object.fromEntries(
      MODES.map((mode) => [`${AppNamespace.POD_SECURITY_PREFIX}/${mode}`, level]),
    );
    this.resource = new kplus.k8s.KubeNamespace(this, 'Resource', {
      metadata: { name: this.name, labels: { ...props.labels, ...podSecurityLabels } },
    });
    // A chart with a namespace stamps it on every object; a Namespace is cluster-scoped.
    if (ApiObject.of(this.resource).metadata.namespace !== undefined) {
      ApiObject.of(this.resource).addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }
}

import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { isPortNumber } from './k8s-syntax';
import { checkCidr, checkLabels, checkName, propError } from './prop-checks';

/**
 * Where Google's global external Application Load Balancer proxies and its health checkers connect
 * from: the only sources of the Gateway mode's traffic to the pods
 * (cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges,
 * cloud.google.com/load-balancing/docs/firewall-rules).
 */
export const GOOGLE_FRONT_END_RANGES: readonly string[] = ['35.191.0.0/16', '130.211.0.0/22'];

/** An address range and the TCP ports the pods may reach there. */
export interface EgressTarget {
  readonly cidr: string;
  readonly ports: readonly number[];
}

/** Where the cluster DNS pods run. */
export interface DnsPodsSelector {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface ApiNetworkPolicyProps {
  /** NetworkPolicy name (DNS-1123 subdomain). */
  readonly name: string;
  /** Labels of the NetworkPolicy object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the API pods the policy isolates. */
  readonly podSelectorLabels: Readonly<Record<string, string>>;
  /** The container port that serves the API. */
  readonly port: number;
  /**
   * The container port of `/metrics` and the probes: admitted only from `monitoringNamespace` (the
   * kubelet's probes are node traffic, which NetworkPolicy does not filter). Without it, the API port
   * is also open to the monitoring namespace (a server with one port).
   * @default none
   */
  readonly adminPort?: number;
  /**
   * Source ranges allowed to reach `port`. The load balancer keeps (Local) or SNATs (Cluster) client
   * addresses, so the default is everyone; narrow it at the LB with `loadBalancerSourceRanges`.
   * @default ['0.0.0.0/0']
   */
  readonly ingressCidrs?: readonly string[];
  /**
   * Source ranges also allowed to reach `adminPort` (a load balancer's health checks of `/readyz`).
   * @default []
   */
  readonly adminIngressCidrs?: readonly string[];
  /**
   * Namespace whose pods (Prometheus) may scrape `adminPort`. An ipBlock does not reliably match pod
   * addresses (the NetworkPolicy API says ipBlocks are for cluster-external IPs), hence this rule.
   * @default gmp-system
   */
  readonly monitoringNamespace?: string;
  /**
   * The cluster DNS pods (UDP and TCP 53).
   * @default kube-dns pods in kube-system (`k8s-app: kube-dns`)
   */
  readonly dnsPods?: DnsPodsSelector;
  /**
   * Other DNS server addresses (UDP and TCP 53): Cloud DNS answers on the metadata address,
   * NodeLocal DNSCache on 169.254.20.10.
   * @default ['169.254.169.254/32', '169.254.20.10/32']
   */
  readonly dnsAddresses?: readonly string[];
  /**
   * The metadata server (Workload Identity tokens), TCP.
   * @default 169.254.169.254/32 on 80 and 8080, 169.254.169.252/32 on 988
   */
  readonly metadataServer?: readonly EgressTarget[];
  /**
   * Range for HTTPS egress (Google APIs: Cloud Storage for the model). `199.36.153.4/30`
   * (restricted.googleapis.com) narrows it when Private Google Access is set up.
   * @default 0.0.0.0/0
   */
  readonly googleApisCidr?: string;
  /**
   * The MLflow tracking server, when the model URI is a registry URI (`models:/…`) resolved at every
   * poll; omitted when it is reached on 443, which the HTTPS rule already allows.
   * @default none
   */
  readonly registry?: EgressTarget;
}

/**
 * Default-deny NetworkPolicy for the API pods: both directions are isolated, then exactly these
 * flows are allowed — ingress on the API port (load balancer), on the admin port from the monitoring
 * namespace only (`/metrics` tells the runtime and model internals), egress to DNS,
 * the metadata server and HTTPS (Google APIs). Kubelet probes are node traffic and need no rule.
 */
export class ApiNetworkPolicy extends Construct {
  readonly policy: kplus.NetworkPolicy;

  constructor(scope: Construct, id: string, props: ApiNetworkPolicyProps) {
    super(scope, id);
    const owner = 'ApiNetworkPolicy';
    checkName(owner, 'name', props.name, 'dns1123-subdomain');
    checkLabels(owner, 'labels', props.labels);
    checkLabels(owner, 'podSelectorLabels', props.podSelectorLabels);
    if (Object.keys(props.podSelectorLabels).length === 0) {
      throw propError(
        owner,
        'podSelectorLabels',
        'must not be empty (it would isolate every pod in the namespace)',
        props.podSelectorLabels,
      );
    }
    if (!isPortNumber(props.port)) throw propError(owner, 'port', 'must be an integer from 1 to 65535', props.port);
    if (props.adminPort !== undefined && (!isPortNumber(props.adminPort) || props.adminPort === props.port)) {
      throw propError(
        owner,
        'adminPort',
        `must be an integer from 1 to 65535 other than port (${props.port})`,
        props.adminPort,
      );
    }
    const ingressCidrs = props.ingressCidrs ?? ['0.0.0.0/0'];
    ingressCidrs.forEach((cidr, i) => checkCidr(owner, `ingressCidrs[${i}]`, cidr));
    const adminIngressCidrs = props.adminIngressCidrs ?? [];
    adminIngressCidrs.forEach((cidr, i) => checkCidr(owner, `adminIngressCidrs[${i}]`, cidr));
    if (adminIngressCidrs.length > 0 && props.adminPort === undefined) {
      throw propError(owner, 'adminIngressCidrs', 'needs adminPort', adminIngressCidrs);
    }
    const monitoringNamespace = checkName(
      owner,
      'monitoringNamespace',
      props.monitoringNamespace ?? 'gmp-system',
      'dns1123-label',
    );
    const dnsPods = props.dnsPods ?? { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    checkName(owner, 'dnsPods.namespace', dnsPods.namespace, 'dns1123-label');
    checkLabels(owner, 'dnsPods.labels', dnsPods.labels);
    const dnsAddresses = props.dnsAddresses ?? ['169.254.169.254/32', '169.254.20.10/32'];
    dnsAddresses.forEach((cidr, i) => checkCidr(owner, `dnsAddresses[${i}]`, cidr));
    const metadataServer = props.metadataServer ?? [
      { cidr: '169.254.169.254/32', ports: [80, 8080] },
      { cidr: '169.254.169.252/32', ports: [988] },
    ];
    metadataServer.forEach((target, i) => {
      checkCidr(owner, `metadataServer[${i}].cidr`, target.cidr);
      if (target.ports.length === 0)
        throw propError(owner, `metadataServer[${i}].ports`, 'must not be empty', target.ports);
      target.ports.forEach((port, j) => {
        if (!isPortNumber(port)) {
          throw propError(owner, `metadataServer[${i}].ports[${j}]`, 'must be an integer from 1 to 65535', port);
        }
      });
    });
    const googleApisCidr = checkCidr(owner, 'googleApisCidr', props.googleApisCidr ?? '0.0.0.0/0');
    if (props.registry) {
      checkCidr(owner, 'registry.cidr', props.registry.cidr);
      props.registry.ports.forEach((port, j) => {
        if (!isPortNumber(port))
          throw propError(owner, `registry.ports[${j}]`, 'must be an integer from 1 to 65535', port);
      });
    }

    this.policy = new kplus.NetworkPolicy(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      selector: kplus.Pods.select(this, 'ApiPods', { labels: { ...props.podSelectorLabels } }),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      egress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const apiPort = [kplus.NetworkPolicyPort.tcp(props.port)];
    ingressCidrs.forEach((cidr, i) => this.policy.addIngressRule(ipBlock(this, `Ingress${i}`, cidr), apiPort));
    this.policy.addIngressRule(
      kplus.Pods.all(this, 'MonitoringPods', {
        namespaces: kplus.Namespaces.select(this, 'MonitoringNamespace', { names: [monitoringNamespace] }),
      }),
      props.adminPort !== undefined ? [kplus.NetworkPolicyPort.tcp(props.adminPort)] : apiPort,
    );

    adminIngressCidrs.forEach((cidr, i) =>
      this.policy.addIngressRule(ipBlock(this, `AdminIngress${i}`, cidr), [
        kplus.NetworkPolicyPort.tcp(props.adminPort!),
      ]),
    );

    const dnsPorts = [kplus.NetworkPolicyPort.udp(53), kplus.NetworkPolicyPort.tcp(53)];
    this.policy.addEgressRule(
      kplus.Pods.select(this, 'DnsPods', {
        labels: { ...dnsPods.labels },
        namespaces: kplus.Namespaces.select(this, 'DnsNamespace', { names: [dnsPods.namespace] }),
      }),
      dnsPorts,
    );
    dnsAddresses.forEach((cidr, i) => this.policy.addEgressRule(ipBlock(this, `Dns${i}`, cidr), dnsPorts));
    metadataServer.forEach((target, i) =>
      this.policy.addEgressRule(
        ipBlock(this, `Metadata${i}`, target.cidr),
        target.ports.map((port) => kplus.NetworkPolicyPort.tcp(port)),
      ),
    );
    this.policy.addEgressRule(ipBlock(this, 'GoogleApis', googleApisCidr), [kplus.NetworkPolicyPort.tcp(443)]);
    if (props.registry) {
      this.policy.addEgressRule(
        ipBlock(this, 'Registry', props.registry.cidr),
        props.registry.ports.map((port) => kplus.NetworkPolicyPort.tcp(port)),
      );
    }
  }
}

function ipBlock(scope: Construct, id: string, cidr: string): kplus.NetworkPolicyIpBlock {
  return cidr.includes(':')
    ? kplus.NetworkPolicyIpBlock.ipv6(scope, id, cidr)
    : kplus.NetworkPolicyIpBlock.ipv4(scope, id, cidr);
}

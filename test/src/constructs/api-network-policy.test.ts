import { ApiNetworkPolicy, type ApiNetworkPolicyProps } from '../../../src/constructs/api-network-policy';
import { only, synthConstructs } from '../../support/k8s-manifests';
import { manifestProblems } from '../../support/k8s-validate';

const podSelectorLabels = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };
const labels = { ...podSelectorLabels, 'app.kubernetes.io/part-of': 'toxicity' };
const dns = [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
];

function synth(props: Partial<ApiNetworkPolicyProps> = {}) {
  return synthConstructs((scope) => {
    new ApiNetworkPolicy(scope, 'NetworkPolicy', { name: 'api', labels, podSelectorLabels, port: 8080, ...props });
  });
}

describe('ApiNetworkPolicy', () => {
  it('denies both directions by default and allows exactly the API port, DNS, metadata server and HTTPS', () => {
    const np = only(synth(), 'NetworkPolicy');
    expect(np).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api', namespace: 'test-ns', labels },
      spec: {
        podSelector: { matchLabels: podSelectorLabels },
        policyTypes: ['Egress', 'Ingress'],
        ingress: [
          { from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8080, protocol: 'TCP' }] },
          {
            from: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gmp-system' } },
                podSelector: {},
              },
            ],
            ports: [{ port: 8080, protocol: 'TCP' }],
          },
        ],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
              },
            ],
            ports: dns,
          },
          { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: dns },
          { to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: dns },
          {
            to: [{ ipBlock: { cidr: '169.254.169.254/32' } }],
            ports: [
              { port: 80, protocol: 'TCP' },
              { port: 8080, protocol: 'TCP' },
            ],
          },
          { to: [{ ipBlock: { cidr: '169.254.169.252/32' } }], ports: [{ port: 988, protocol: 'TCP' }] },
          { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 443, protocol: 'TCP' }] },
        ],
      },
    });
    expect(manifestProblems(np)).toEqual([]);
  });

  it('uses the configured port, sources, monitoring namespace and addresses', () => {
    const np = only(
      synth({
        port: 9000,
        ingressCidrs: ['10.0.0.0/8', '2001:db8::/32'],
        monitoringNamespace: 'monitoring',
        dnsPods: { namespace: 'dns', labels: { app: 'coredns' } },
        dnsAddresses: [],
        metadataServer: [{ cidr: '169.254.169.254/32', ports: [80] }],
        googleApisCidr: '199.36.153.4/30',
      }),
      'NetworkPolicy',
    );
    expect(np.spec.ingress).toEqual([
      { from: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 9000, protocol: 'TCP' }] },
      { from: [{ ipBlock: { cidr: '2001:db8::/32' } }], ports: [{ port: 9000, protocol: 'TCP' }] },
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: {} },
        ],
        ports: [{ port: 9000, protocol: 'TCP' }],
      },
    ]);
    expect(np.spec.egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } },
            podSelector: { matchLabels: { app: 'coredns' } },
          },
        ],
        ports: dns,
      },
      { to: [{ ipBlock: { cidr: '169.254.169.254/32' } }], ports: [{ port: 80, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '199.36.153.4/30' } }], ports: [{ port: 443, protocol: 'TCP' }] },
    ]);
    expect(manifestProblems(np)).toEqual([]);
  });

  it.each([
    [{ port: 0 }, "ApiNetworkPolicy: 'port' must be an integer from 1 to 65535, got 0"],
    [{ podSelectorLabels: {} }, "ApiNetworkPolicy: 'podSelectorLabels' must not be empty"],
    [
      { ingressCidrs: ['10.0.0.1/8'] },
      'ApiNetworkPolicy: \'ingressCidrs[0]\' must be a CIDR with no host bits set (e.g. 10.0.0.0/8), got "10.0.0.1/8"',
    ],
    [{ dnsAddresses: ['169.254.20.10'] }, "ApiNetworkPolicy: 'dnsAddresses[0]' must be a CIDR"],
    [
      { metadataServer: [{ cidr: '169.254.169.254/32', ports: [] }] },
      "ApiNetworkPolicy: 'metadataServer[0].ports' must not be empty, got []",
    ],
    [
      { metadataServer: [{ cidr: '169.254.169.254/32', ports: [80, 70000] }] },
      "ApiNetworkPolicy: 'metadataServer[0].ports[1]' must be an integer from 1 to 65535, got 70000",
    ],
    [
      { googleApisCidr: 'everywhere' },
      'ApiNetworkPolicy: \'googleApisCidr\' must be a CIDR with no host bits set (e.g. 10.0.0.0/8), got "everywhere"',
    ],
    [{ monitoringNamespace: 'Monitoring' }, "ApiNetworkPolicy: 'monitoringNamespace' must be a DNS-1123 label"],
    [{ registry: { cidr: 'mlflow', ports: [5000] } }, "ApiNetworkPolicy: 'registry.cidr' must be a CIDR"],
    [
      { registry: { cidr: '10.0.0.0/8', ports: [0] } },
      "ApiNetworkPolicy: 'registry.ports[0]' must be an integer from 1 to 65535, got 0",
    ],
  ])('throws when given %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

describe('ApiNetworkPolicy admin ingress ranges', () => {
  it('throws when admin ingress ranges are given without an admin port', () => {
    expect(() =>
      synthConstructs(
        (s) =>
          new ApiNetworkPolicy(s, 'P', {
            name: 'api',
            labels: { app: 'api' },
            podSelectorLabels: { app: 'api' },
            port: 8080,
            adminIngressCidrs: ['35.191.0.0/16'],
          }),
      ),
    ).toThrow("ApiNetworkPolicy: 'adminIngressCidrs' needs adminPort");
  });
});

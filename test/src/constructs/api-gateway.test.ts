import { Duration } from 'cdk8s';
import { ApiGateway, CERTMAP_ANNOTATION, GLOBAL_EXTERNAL_GATEWAY_CLASS } from '../../../src/constructs';
import { PROBE_PATHS } from '../../../src/contract';
import { type Manifest, synthConstructs } from '../../support/k8s-manifests';

const props = {
  name: 'api',
  labels: { 'app.kubernetes.io/name': 'api' },
  hostname: 'api.acme.test',
  addressName: 'api-ip',
  certificateMapName: 'api-certs',
  securityPolicyName: 'api-armor',
  serviceName: 'api',
  servicePort: 443,
  adminPort: 9090,
  backendTimeout: Duration.seconds(15),
  drainingTimeout: Duration.seconds(35),
};

function synth(overrides: Partial<typeof props> & { logSampleRate?: number } = {}): Manifest[] {
  return synthConstructs((s) => new ApiGateway(s, 'Gateway', { ...props, ...overrides }));
}

const byName = (objects: Manifest[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('ApiGateway', () => {
  it('puts an HTTPS and an HTTP listener of the global external class on the reserved address, certificates from the map', () => {
    const gateway = byName(synth(), 'Gateway', 'api');
    expect(gateway.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gateway.metadata.annotations).toEqual({ [CERTMAP_ANNOTATION]: 'api-certs' });
    expect(gateway.spec.gatewayClassName).toBe(GLOBAL_EXTERNAL_GATEWAY_CLASS);
    expect(gateway.spec.addresses).toEqual([{ type: 'NamedAddress', value: 'api-ip' }]);
    expect(gateway.spec.listeners.map((l: Manifest) => [l.name, l.protocol, l.port, l.tls])).toEqual([
      ['https', 'HTTPS', 443, undefined],
      ['http', 'HTTP', 80, undefined],
    ]);
  });

  it('routes the hostname on HTTPS to the Service and only redirects plain HTTP to HTTPS', () => {
    const objects = synth();
    const route = byName(objects, 'HTTPRoute', 'api');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'api', sectionName: 'https' }],
      hostnames: ['api.acme.test'],
      rules: [{ backendRefs: [{ name: 'api', port: 443 }] }],
    });
    const redirect = byName(objects, 'HTTPRoute', 'api-redirect');
    expect(redirect.spec.parentRefs).toEqual([{ name: 'api', sectionName: 'http' }]);
    expect(redirect.spec.rules).toEqual([
      { filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
    ]);
    expect(JSON.stringify(redirect.spec.rules)).not.toContain('backendRefs');
  });

  it('health-checks readiness on the admin port and attaches timeouts, draining and Cloud Armor to the Service', () => {
    const objects = synth();
    const health = byName(objects, 'HealthCheckPolicy', 'api');
    expect(health.spec.targetRef).toEqual({ group: '', kind: 'Service', name: 'api' });
    expect(health.spec.default.config).toEqual({
      type: 'HTTP',
      httpHealthCheck: { portSpecification: 'USE_FIXED_PORT', port: 9090, requestPath: PROBE_PATHS.readiness },
    });
    const backend = byName(objects, 'GCPBackendPolicy', 'api');
    expect(backend.spec.default).toEqual({
      timeoutSec: 15,
      connectionDraining: { drainingTimeoutSec: 35 },
      securityPolicy: 'api-armor',
      logging: { enabled: true, sampleRate: 100000 },
    });
    expect(byName(synth({ logSampleRate: 0 }), 'GCPBackendPolicy', 'api').spec.default.logging).toEqual({
      enabled: false,
      sampleRate: 0,
    });
  });

  it('throws when a name, the hostname or a timeout is out of range, naming the prop', () => {
    expect(() => synth({ hostname: '*.acme.test' })).toThrow(
      /ApiGateway: 'hostname' must be a fully qualified DNS name/,
    );
    expect(() => synth({ securityPolicyName: 'Armor_1' })).toThrow(
      /'securityPolicyName' must be a Google Cloud resource name/,
    );
    expect(() => synth({ drainingTimeout: Duration.seconds(4000) })).toThrow(/'drainingTimeout'/);
    expect(() => synth({ logSampleRate: 2 })).toThrow(/'logSampleRate' must be a number from 0 to 1, got 2/);
  });
});

import { GCPBackendPolicy } from '@kubernetes-models/gke/networking.gke.io/v1/GCPBackendPolicy';
import { HealthCheckPolicy } from '@kubernetes-models/gke/networking.gke.io/v1/HealthCheckPolicy';
import { GKE_POLICY_CRD_DIR, findGatewayApiCrdDir, loadCrdValidator } from '../support/crd-schema';
import { type Manifest, configFor, synthServing } from '../support/k8s-manifests';

/** The serving objects of the Gateway mode, with pod TLS and without. */
const gatewayObjects = (tls: 'pod' | 'none'): Manifest[] =>
  synthServing(configFor('autoscaled', { edge: { mode: 'gateway', hostname: 'toxicity.acme.test', tls } }));
const ofKind = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);

describe("the Gateway mode's GKE policies", () => {
  const validator = loadCrdValidator(GKE_POLICY_CRD_DIR);

  it.each(['pod', 'none'] as const)(
    "validate strictly against the documented fields, and against GKE's own schemas (@kubernetes-models/gke), with tls %s",
    (tls) => {
      const objects = gatewayObjects(tls);
      const policies = [...ofKind(objects, 'HealthCheckPolicy'), ...ofKind(objects, 'GCPBackendPolicy')];
      expect(policies).toHaveLength(2);
      expect(policies.flatMap((p) => validator.errors(p))).toEqual([]);
      expect(() => new HealthCheckPolicy(ofKind(objects, 'HealthCheckPolicy')[0] as never).validate()).not.toThrow();
      expect(() => new GCPBackendPolicy(ofKind(objects, 'GCPBackendPolicy')[0] as never).validate()).not.toThrow();
    },
  );

  it('rejects a misspelt field, a value outside an enum and a timeout out of range', () => {
    const objects = gatewayObjects('pod');
    const backend = structuredClone(ofKind(objects, 'GCPBackendPolicy')[0]);
    backend.spec.default.timeoutSecs = 30;
    expect(validator.errors(backend).join('\n')).toMatch(/must NOT have additional properties \(timeoutSecs\)/);
    const health = structuredClone(ofKind(objects, 'HealthCheckPolicy')[0]);
    health.spec.default.config.httpHealthCheck.portSpecification = 'USE_SOME_PORT';
    expect(validator.errors(health).join('\n')).toMatch(/must be equal to one of the allowed values/);
    expect(() => new HealthCheckPolicy(health as never).validate()).toThrow(/allowed values/);
    const slow = structuredClone(ofKind(objects, 'GCPBackendPolicy')[0]);
    slow.spec.default.connectionDraining.drainingTimeoutSec = 7200;
    expect(validator.errors(slow).join('\n')).toMatch(/must be <= 3600/);
  });
});

const gatewayApiDir = findGatewayApiCrdDir();
if (gatewayApiDir === null) {
  process.stdout.write(
    'gateway-crd-schema: Gateway API part skipped, no CRDs (run bash scripts/kube/gateway-crds.sh, or set GATEWAY_API_CRDS)\n',
  );
}
const describeWithGatewayApi = gatewayApiDir === null ? describe.skip : describe;

describeWithGatewayApi("the Gateway mode's Gateway and routes against the Gateway API CRDs", () => {
  // describe.skip still runs this body: load the CRDs only when they are there.
  const loaded = gatewayApiDir === null ? null : loadCrdValidator(gatewayApiDir);

  it('accept every Gateway and HTTPRoute object strictly', () => {
    const objects = gatewayObjects('pod');
    const gatewayKinds = objects.filter((o) => String(o.apiVersion).startsWith('gateway.networking.k8s.io/'));
    expect(gatewayKinds.map((o) => o.kind).sort()).toEqual(['Gateway', 'HTTPRoute', 'HTTPRoute']);
    expect(gatewayKinds.flatMap((o) => loaded!.errors(o))).toEqual([]);
  });

  it('rejects a misspelt listener field and a redirect status code the API does not allow', () => {
    const objects = gatewayObjects('pod');
    const gateway = structuredClone(ofKind(objects, 'Gateway')[0]);
    gateway.spec.listeners[0].hostName = 'toxicity.acme.test';
    expect(loaded!.errors(gateway).join('\n')).toMatch(/must NOT have additional properties \(hostName\)/);
    const redirect = structuredClone(ofKind(objects, 'HTTPRoute').find((r) => r.metadata.name.endsWith('-redirect'))!);
    redirect.spec.rules[0].filters[0].requestRedirect.statusCode = 307;
    expect(loaded!.errors(redirect).join('\n')).toMatch(/must be equal to one of the allowed values/);
  });
});

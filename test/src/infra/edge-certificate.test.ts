import { EdgeCertificate } from '../../../src/infra';
import { only, synthConstructs } from '../../support/k8s-manifests';

const props = { projectId: 'acme-prod', hostname: 'api.acme.test', mapName: 'api-certs', namePrefix: 'api' };

describe('EdgeCertificate', () => {
  it('issues a managed certificate for the hostname through a DNS authorization, served by the map entry', () => {
    const objects = synthConstructs((s) => new EdgeCertificate(s, 'Cert', props));
    const auth = only(objects, 'CertificateManagerDNSAuthorization');
    const cert = only(objects, 'CertificateManagerCertificate');
    const map = only(objects, 'CertificateManagerCertificateMap');
    const entry = only(objects, 'CertificateManagerCertificateMapEntry');
    expect(auth.spec.domain).toBe('api.acme.test');
    expect(cert.spec.managed).toEqual({
      domains: ['api.acme.test'],
      dnsAuthorizationsRefs: [{ name: auth.metadata.name }],
    });
    expect(map.metadata.name).toBe('api-certs');
    expect(entry.spec).toMatchObject({
      mapRef: { name: 'api-certs' },
      certificatesRefs: [{ name: cert.metadata.name }],
      hostname: 'api.acme.test',
    });
    for (const o of objects) expect(o.metadata.annotations['cnrm.cloud.google.com/project-id']).toBe('acme-prod');
  });

  it('throws when the hostname is not a fully qualified name', () => {
    for (const hostname of ['localhost', '*.acme.test', 'Api.acme.test', 'api.acme.test.']) {
      expect(() => synthConstructs((s) => new EdgeCertificate(s, 'Cert', { ...props, hostname }))).toThrow(
        `EdgeCertificate: 'hostname' must be a fully qualified DNS name, got "${hostname}"`,
      );
    }
  });
});

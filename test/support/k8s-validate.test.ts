import { type Manifest, configFor, only, synthServing } from './k8s-manifests';
import { manifestProblems, schemaErrors, syntaxProblems, unknownKeys } from './k8s-validate';

const NAME = 'mlops-toxic-detection-api';

function edited(kind: string, change: (m: Manifest) => void): Manifest {
  const m = structuredClone(only(synthServing(configFor('autoscaled')), kind));
  change(m);
  return m;
}

describe('the manifest checks used by the chart tests', () => {
  it('report schema errors: wrong types, bad quantities, bad enums, missing required fields', () => {
    const d = edited('Deployment', (m) => {
      m.spec.revisionHistoryLimit = 'ten';
      m.spec.template.spec.containers[0].resources.limits.memory = 'lots';
      delete m.spec.selector;
    });
    const errors = schemaErrors(d);
    expect(errors).toEqual(
      expect.arrayContaining([
        '/spec: must have required property selector',
        '/spec/revisionHistoryLimit: must be integer',
        '/spec/template/spec/containers/0/resources/limits/memory: must match format "quantity"',
      ]),
    );
    expect(schemaErrors(edited('Service', (m) => (m.spec.type = 'Balanced')))).toEqual([
      '/spec/type: must be equal to one of the allowed values',
    ]);
  });

  it('report keys the Kubernetes API does not know (typos the schema lets through)', () => {
    const d = edited('Deployment', (m) => {
      m.spec.template.spec.containers[0].readinesProbe = { httpGet: { path: '/readyz', port: 8080 } };
      m.spec.template.spec.securityContext.seccompProfil = { type: 'RuntimeDefault' };
      m.spec.replica = 3;
    });
    expect(schemaErrors(d)).toEqual([]);
    expect(unknownKeys(d).sort()).toEqual([
      '/spec/replica',
      '/spec/template/spec/containers/0/readinesProbe',
      '/spec/template/spec/securityContext/seccompProfil',
    ]);
  });

  it('accept JSON names whose generated TypeScript names differ in acronym case', () => {
    const d = only(synthServing(configFor('autoscaled')), 'Deployment');
    expect(d.spec.template.spec).toHaveProperty('setHostnameAsFQDN');
    expect(unknownKeys(d)).toEqual([]);
  });

  it('report names, labels, ports and CIDRs the API server would reject', () => {
    const svc = edited('Service', (m) => {
      m.metadata.name = '1-api';
      m.spec.ports[0].port = 70000;
      m.spec.ports[0].targetPort = 'http_port';
      m.metadata.labels['bad key!'] = 'x';
    });
    expect(syntaxProblems(svc)).toEqual([
      '/metadata/name: not a valid Service name: "1-api"',
      '/metadata/labels: bad label key "bad key!"',
      '/spec/ports/0/port: not a port number: 70000',
      '/spec/ports/0/targetPort: not a port number or name: "http_port"',
    ]);
    const np = edited('NetworkPolicy', (m) => {
      m.spec.egress[5].to[0].ipBlock.cidr = '10.0.0.1/8';
      m.spec.ingress[0].ports[0].port = 0;
    });
    expect(syntaxProblems(np)).toEqual([
      '/spec/ingress/0/ports/0/port: not a port number: 0',
      '/spec/egress/5/to/0/ipBlock/cidr: not a CIDR: "10.0.0.1/8"',
    ]);
  });

  it('report pod template mistakes: names, probe ports, mounts without volumes, env names', () => {
    const d = edited('Deployment', (m) => {
      const c = m.spec.template.spec.containers[0];
      c.name = 'API';
      c.livenessProbe.httpGet.port = 'metrics';
      c.volumeMounts[0].name = 'scratch';
      c.env[0].name = '1NODE_ENV';
      m.spec.template.metadata.labels['app.kubernetes.io/version'] = 'a b';
    });
    expect(syntaxProblems(d)).toEqual([
      '/spec/template/metadata/labels/app.kubernetes.io/version: bad label value "a b"',
      '/spec/template/spec/containers/0/name: not a DNS-1123 label: "API"',
      '/spec/template/spec/containers/0/livenessProbe/httpGet/port: neither a port number nor a named container port: "metrics"',
      '/spec/template/spec/containers/0/env/0/name: not an env var name: "1NODE_ENV"',
      '/spec/template/spec/containers/0/volumeMounts/0/name: no volume named "scratch"',
    ]);
  });

  it('prefix every problem with the object it belongs to', () => {
    const hpa = edited('HorizontalPodAutoscaler', (m) => (m.spec.minReplicas = 20));
    expect(manifestProblems(hpa)).toEqual([
      `HorizontalPodAutoscaler/${NAME} /spec/minReplicas: must be <= maxReplicas (10)`,
    ]);
    expect(manifestProblems({ apiVersion: 'v9', kind: 'Gadget', metadata: { name: 'g' } })).toEqual([
      'Gadget/g schema no schema model for v9/Gadget',
      'Gadget/g unknown key no serializer for v9/Gadget',
    ]);
  });
});

import { findCrdDir, loadCrdValidator } from '../support/crd-schema';
import { infraConfig, ofKind, synthInfra } from '../support/infra-manifests';

const crdDir = findCrdDir();
if (crdDir === null) {
  // A fresh clone has no ../shared: say why the strict check did not run instead of passing silently.
  process.stdout.write(
    'infra-crd-schema: skipped, no Config Connector CRDs (set CONFIG_CONNECTOR_CRDS or provide ../shared/vendor/config-connector-crds)\n',
  );
}
const describeWithCrds = crdDir === null ? describe.skip : describe;

describeWithCrds('the infra chart against the vendored Config Connector CRDs', () => {
  // describe.skip still runs this body to collect the tests: load the CRDs only when they are there.
  const loaded = crdDir === null ? null : loadCrdValidator(crdDir);
  const validator = {
    errors: (m: Parameters<NonNullable<typeof loaded>['errors']>[0]) => loaded!.errors(m),
  };
  const configs: [string, Record<string, unknown>][] = [
    ['the defaults', {}],
    [
      'a regional cluster, public nodes, a GitHub trigger, an alert e-mail and the project number',
      {
        gcp: { projectId: 'acme-prod' },
        cluster: { location: 'europe-west1' },
        pipeline: { githubOwner: 'acme', githubRepo: 'toxicity' },
        infra: {
          projectNumber: '123456789012',
          network: { privateNodes: false },
          alerts: { email: 'oncall@acme.test' },
        },
      },
    ],
    [
      'the Gateway edge mode (managed certificate, Cloud Armor, global address)',
      { edge: { mode: 'gateway', hostname: 'toxicity.acme.test' } },
    ],
    [
      'a 2nd-gen repository trigger',
      {
        pipeline: { repository: 'projects/my-gcp-project/locations/europe-west1/connections/gh/repositories/toxicity' },
      },
    ],
    ['the Vertex AI trainer (its API, account and grants)', { retraining: { trainer: 'vertex-ai' } }],
  ];

  it.each(configs)('accepts every object synthesized from %s', (_, overrides) => {
    const objects = synthInfra(infraConfig(overrides));
    expect(objects.length).toBeGreaterThan(40);
    expect(objects.flatMap((m) => validator.errors(m))).toEqual([]);
  });

  it('rejects an unknown field, a missing required field and a value outside an enum', () => {
    const objects = synthInfra(infraConfig());
    const bucket = structuredClone(ofKind(objects, 'StorageBucket')[0]);
    bucket.spec.versioningEnabled = true;
    expect(validator.errors(bucket).join('\n')).toMatch(/must NOT have additional properties \(versioningEnabled\)/);

    const pool = structuredClone(ofKind(objects, 'ContainerNodePool')[0]);
    delete pool.spec.clusterRef;
    expect(validator.errors(pool).join('\n')).toMatch(/must have required property 'clusterRef'/);

    // The only enum among the kinds used: the connection type of a BigQuery connection member.
    const member = structuredClone(ofKind(objects, 'IAMPolicyMember')[0]);
    delete member.spec.member;
    member.spec.memberFrom = { bigQueryConnectionConnectionRef: { name: 'c', type: 'fishing' } };
    expect(validator.errors(member).join('\n')).toMatch(/must be equal to one of the allowed values/);
  });

  it('rejects an object of a kind no vendored CRD defines', () => {
    expect(
      validator.errors({ apiVersion: 'storage.cnrm.cloud.google.com/v1beta1', kind: 'StorageThing', metadata: {} }),
    ).toEqual(['no CRD for storage.cnrm.cloud.google.com/v1beta1/StorageThing']);
  });
});

import { parse } from 'yaml';
import { SecretManagerSync, type SecretManagerSyncProps } from '../../../src/constructs/secret-manager-sync';
import { type Manifest, only, synthConstructs } from '../../support/k8s-manifests';
import { secretSyncSchemaErrors } from '../../support/secret-sync-crds';

const props: SecretManagerSyncProps = {
  name: 'mlflow-credentials',
  labels: { 'app.kubernetes.io/name': 'mlflow' },
  projectId: 'acme-prod',
  serviceAccountName: 'mlflow',
  keys: { 'db-password': 'mlflow-db-password', 'admin-password': 'mlflow-admin-password' },
};
const synth = (over: Partial<SecretManagerSyncProps> = {}): Manifest[] =>
  synthConstructs((s) => new SecretManagerSync(s, 'Sync', { ...props, ...over }));

describe('SecretManagerSync', () => {
  const ms = synth();
  const spc = only(ms, 'SecretProviderClass');
  const sync = only(ms, 'SecretSync');

  it('passes the vendored CRD schemas of SecretProviderClass and GKE SecretSync', () => {
    expect(ms.map((m) => `${m.apiVersion}/${m.kind}`)).toEqual([
      'secrets-store.csi.x-k8s.io/v1/SecretProviderClass',
      'secret-sync.gke.io/v1/SecretSync',
    ]);
    expect(ms.flatMap(secretSyncSchemaErrors)).toEqual([]);
  });

  it('reads the latest version of each named secret in the project, through the gke provider', () => {
    expect(spc.spec.provider).toBe('gke');
    expect(parse(spc.spec.parameters.secrets as string)).toEqual([
      { resourceName: 'projects/acme-prod/secrets/mlflow-db-password/versions/latest', path: 'db-password' },
      { resourceName: 'projects/acme-prod/secrets/mlflow-admin-password/versions/latest', path: 'admin-password' },
    ]);
  });

  it('makes the Kubernetes Secret of its name with one key per secret, as the given ServiceAccount', () => {
    expect(sync.metadata.name).toBe('mlflow-credentials');
    expect(sync.spec).toEqual({
      serviceAccountName: 'mlflow',
      secretProviderClassName: spc.metadata.name,
      secretObject: {
        type: 'Opaque',
        data: [
          { sourcePath: 'db-password', targetKey: 'db-password' },
          { sourcePath: 'admin-password', targetKey: 'admin-password' },
        ],
      },
    });
  });

  it('holds secret names only, never a value', () => {
    expect(JSON.stringify(ms)).not.toMatch(/"(data|stringData)":\{/);
    expect(ms.some((m) => m.kind === 'Secret')).toBe(false);
  });

  it('is caught by the schema check when an object breaks the CRD (the check can fail)', () => {
    expect(secretSyncSchemaErrors({ ...sync, spec: { ...sync.spec, secretObject: { data: [] } } })).not.toEqual([]);
    expect(secretSyncSchemaErrors({ ...spc, spec: { ...spc.spec, providr: 'gke' } })).not.toEqual([]);
  });

  it('throws when a secret name, a key, the project or the account is not valid, naming the prop', () => {
    expect(() => synth({ keys: {} })).toThrow("SecretManagerSync: 'keys' must name at least one secret");
    expect(() => synth({ keys: { 'db-password': '' } })).toThrow(
      "SecretManagerSync: 'keys.db-password' must be a Secret Manager secret id",
    );
    expect(() => synth({ keys: { 'bad key': 'x' } })).toThrow(
      "SecretManagerSync: 'keys' must be Kubernetes Secret keys",
    );
    expect(() => synth({ projectId: 'Acme' })).toThrow("SecretManagerSync: 'projectId'");
    expect(() => synth({ serviceAccountName: 'Not_A_Name' })).toThrow("SecretManagerSync: 'serviceAccountName'");
  });
});

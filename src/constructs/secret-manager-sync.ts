import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { checkLabels, checkName, propError } from './prop-checks';

/**
 * GKE's documented way to turn Secret Manager secrets into a Kubernetes Secret: the Secret Manager
 * add-on's `SecretProviderClass` (provider `gke`) plus a `SecretSync`, which GKE's secret
 * synchronization controller (GKE ≥ 1.34, Workload Identity) turns into the Kubernetes Secret of the
 * same name. Sources: cloud.google.com/secret-manager/docs/sync-k8-secrets and
 * cloud.google.com/secret-manager/docs/secret-manager-managed-csi-component. The manifests hold only
 * secret names; the values never leave Secret Manager except into the cluster.
 */
export const SECRET_PROVIDER_CLASS_API_VERSION = 'secrets-store.csi.x-k8s.io/v1';
export const SECRET_SYNC_API_VERSION = 'secret-sync.gke.io/v1';

/** Secret Manager secret ids: letters, digits, `-` and `_`, at most 255. */
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
/** A key of a Kubernetes Secret (and a SecretSync `targetKey`/`sourcePath`). */
const SECRET_KEY = /^[A-Za-z0-9.]([-A-Za-z0-9]+([-._a-zA-Z0-9]?[A-Za-z0-9])*)?$/;

export interface SecretManagerSyncProps {
  /** Name of the Kubernetes Secret, of the SecretSync and of the SecretProviderClass. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Project holding the Secret Manager secrets. */
  readonly projectId: string;
  /**
   * Kubernetes ServiceAccount the controller reads the secrets as (Workload Identity: its Google
   * account needs `roles/secretmanager.secretAccessor` on each secret).
   */
  readonly serviceAccountName: string;
  /** Key of the Kubernetes Secret → Secret Manager secret id (its `latest` version). */
  readonly keys: Readonly<Record<string, string>>;
}

/** A Kubernetes Secret synced from Secret Manager: a SecretProviderClass and a SecretSync. */
export class SecretManagerSync extends Construct {
  readonly secretProviderClass: ApiObject;
  readonly secretSync: ApiObject;

  constructor(scope: Construct, id: string, props: SecretManagerSyncProps) {
    super(scope, id);
    const owner = 'SecretManagerSync';
    const name = checkName(owner, 'name', props.name, 'dns1123-subdomain');
    checkLabels(owner, 'labels', props.labels);
    checkName(owner, 'serviceAccountName', props.serviceAccountName, 'dns1123-subdomain');
    if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(props.projectId)) {
      throw propError(owner, 'projectId', 'must be a Google Cloud project id', props.projectId);
    }
    const entries = Object.entries(props.keys);
    if (entries.length === 0) throw propError(owner, 'keys', 'must name at least one secret', props.keys);
    for (const [key, secret] of entries) {
      if (!SECRET_KEY.test(key)) throw propError(owner, `keys`, 'must be Kubernetes Secret keys', key);
      if (typeof secret !== 'string' || !SECRET_ID.test(secret)) {
        throw propError(owner, `keys.${key}`, 'must be a Secret Manager secret id', secret);
      }
    }
    const metadata = { name, labels: { ...props.labels } };
    // The provider's parameter is a YAML list in a string; each secret becomes the file `path` the
    // SecretSync maps to a key.
    const secrets = entries
      .map(
        ([key, secret]) =>
          `- resourceName: "projects/${props.projectId}/secrets/${secret}/versions/latest"\n  path: "${key}"\n`,
      )
      .join('');
    this.secretProviderClass = new ApiObject(this, 'SecretProviderClass', {
      apiVersion: SECRET_PROVIDER_CLASS_API_VERSION,
      kind: 'SecretProviderClass',
      metadata,
      spec: { provider: 'gke', parameters: { secrets } },
    });
    this.secretSync = new ApiObject(this, 'SecretSync', {
      apiVersion: SECRET_SYNC_API_VERSION,
      kind: 'SecretSync',
      metadata,
      spec: {
        serviceAccountName: props.serviceAccountName,
        secretProviderClassName: name,
        secretObject: {
          type: 'Opaque',
          data: entries.map(([key]) => ({ sourcePath: key, targetKey: key })),
        },
      },
    });
  }
}

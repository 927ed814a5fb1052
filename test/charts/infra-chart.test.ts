import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfigFile } from '../../src/config/config-file';
import { toxicityPipeline } from '../../pipelines/toxicity-pipeline';
import { retrainPipeline } from '../../pipelines/retrain-pipeline';
import { DELETION_POLICY_ANNOTATION, PROJECT_ID_ANNOTATION } from '../../src/infra';
import { isDns1123Subdomain } from '../../src/constructs/k8s-syntax';
import { type Manifest, only, synthServing } from '../support/k8s-manifests';
import { iamMarkdown } from '../support/iam-markdown';
import { iamProblems, iamTable } from '../support/iam-table';
import { consumerProblems } from '../support/infra-consumers';
import { infraConfig, ofKind, synthInfra } from '../support/infra-manifests';

const REPO_ROOT = join(__dirname, '..', '..');
const P = 'acme-prod';
const acme = infraConfig({
  gcp: { projectId: P },
  pipeline: { githubOwner: 'acme', githubRepo: 'toxicity' },
  infra: { projectNumber: '123456789012', alerts: { email: 'oncall@acme.test' } },
});
const objects = synthInfra(acme);
const sa = (id: string) => `serviceAccount:${id}@${P}.iam.gserviceaccount.com`;
const wi = (ns: string, name: string) => `serviceAccount:${P}.svc.id.goog[${ns}/${name}]`;

describe('InfraChart', () => {
  it('grants exactly the reviewed IAM table: who, which role, on what', () => {
    const rows = iamTable(objects).map((r) => [r.member, r.role, r.on]);
    const expected = [
      [wi('toxicity', 'mlops-toxic-detection-api'), 'roles/iam.workloadIdentityUser', 'IAMServiceAccount/toxicity-api'],
      [wi('toxicity', 'mlflow'), 'roles/iam.workloadIdentityUser', 'IAMServiceAccount/toxicity-mlflow'],
      [wi('default', 'toxicity-trainer'), 'roles/iam.workloadIdentityUser', 'IAMServiceAccount/toxicity-trainer'],
      [sa('toxicity-nodes'), 'roles/container.defaultNodeServiceAccount', 'Project'],
      [sa('toxicity-nodes'), 'roles/artifactregistry.reader', 'ArtifactRegistryRepository/toxicity'],
      [sa('toxicity-builder'), 'roles/artifactregistry.writer', 'ArtifactRegistryRepository/toxicity'],
      [sa('toxicity-builder'), 'roles/storage.objectViewer', `StorageBucket/${P}-toxicity-data`],
      [sa('toxicity-builder'), 'roles/storage.legacyBucketReader', `StorageBucket/${P}-toxicity-data`],
      [sa('toxicity-trainer'), 'roles/storage.objectViewer', `StorageBucket/${P}-toxicity-data`],
      [sa('toxicity-builder'), 'roles/storage.objectAdmin', `StorageBucket/${P}-toxicity-models`],
      [sa('toxicity-builder'), 'roles/storage.legacyBucketReader', `StorageBucket/${P}-toxicity-models`],
      [sa('toxicity-api'), 'roles/storage.objectViewer', `StorageBucket/${P}-toxicity-models`],
      [sa('toxicity-trainer'), 'roles/storage.objectAdmin', `StorageBucket/${P}-toxicity-models`],
      [sa('toxicity-mlflow'), 'roles/storage.objectAdmin', `StorageBucket/${P}-toxicity-mlflow`],
      [
        'serviceAccount:service-123456789012@gs-project-accounts.iam.gserviceaccount.com',
        'roles/pubsub.publisher',
        'PubSubTopic/toxicity-data-uploads',
      ],
      [sa('toxicity-builder'), 'roles/secretmanager.secretAccessor', 'SecretManagerSecret/mlflow-tracking-token'],
      [sa('toxicity-trainer'), 'roles/secretmanager.secretAccessor', 'SecretManagerSecret/mlflow-tracking-token'],
      [sa('toxicity-builder'), 'roles/secretmanager.secretAccessor', 'SecretManagerSecret/mlflow-admin-password'],
      [sa('toxicity-mlflow'), 'roles/secretmanager.secretAccessor', 'SecretManagerSecret/mlflow-admin-password'],
      [sa('toxicity-mlflow'), 'roles/secretmanager.secretAccessor', 'SecretManagerSecret/mlflow-flask-secret-key'],
      [sa('toxicity-mlflow'), 'roles/secretmanager.secretAccessor', 'SecretManagerSecret/mlflow-db-password'],
      [sa('toxicity-builder'), 'roles/container.developer', 'Project'],
      [sa('toxicity-builder'), 'roles/logging.logWriter', 'Project'],
      [sa('toxicity-builder'), 'roles/cloudbuild.workerPoolUser', 'Project'],
      [sa('toxicity-mlflow'), 'roles/cloudsql.client', 'Project'],
    ];
    expect(rows).toEqual(expected);
  });

  it('is the table docs/infrastructure.md shows', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'infrastructure.md'), 'utf8');
    const table = /<!-- iam-table:start[^>]*-->\n([\s\S]*?)\n<!-- iam-table:end -->/.exec(doc)?.[1];
    const rows = iamTable(synthInfra(infraConfig({ infra: { projectNumber: '123456789012' } })));
    expect(table).toBe(iamMarkdown(rows));
  });

  it('has no basic role, no project-wide storage or secret role, and a reason beside every grant', () => {
    expect(iamProblems(iamTable(objects))).toEqual([]);
  });

  it('fails the IAM check on a basic role, a project-wide storage admin or secret accessor, or a missing reason', () => {
    const rows = iamTable(objects);
    const tampered = [
      { ...rows[0], role: 'roles/editor' },
      { ...rows[0], role: 'roles/storage.admin', on: 'Project' },
      { ...rows[0], role: 'roles/secretmanager.secretAccessor', on: 'Project' },
      { ...rows[0], reason: '' },
    ];
    expect(iamProblems(tampered)).toEqual([
      `${rows[0].member} roles/editor on ${rows[0].on}: basic role roles/editor is never granted`,
      `${rows[0].member} roles/storage.admin on Project: roles/storage.admin must be granted on the bucket or secret, not the whole project`,
      `${rows[0].member} roles/secretmanager.secretAccessor on Project: roles/secretmanager.secretAccessor must be granted on the bucket or secret, not the whole project`,
      `${rows[0].member} ${rows[0].role} on ${rows[0].on}: no reason`,
    ]);
  });

  it('creates every name the serving manifests and the pipeline use, from the same config', () => {
    for (const config of [
      acme,
      infraConfig(),
      infraConfig({ model: { uri: 'gs://my-gcp-project-toxicity-models/toxic-detector/champion' } }),
    ]) {
      const problems = consumerProblems(
        config.gcp.projectId,
        synthServing(config),
        toxicityPipeline(config),
        synthInfra(config),
      );
      expect(problems).toEqual([]);
    }
  });

  it('fails the cross-check when a consumer names something the infrastructure does not create', () => {
    const serving = synthServing(acme).map((m) => structuredClone(m));
    only(serving, 'ServiceAccount').metadata.annotations['iam.gke.io/gcp-service-account'] =
      `other@${P}.iam.gserviceaccount.com`;
    const build = toxicityPipeline(acme);
    const tamperedBuild = {
      ...build,
      substitutions: { ...build.substitutions, _DATA_BUCKET: 'someone-elses-bucket', _CLUSTER: 'other-cluster' },
      options: { ...build.options, pool: { name: `projects/${P}/locations/europe-west1/workerPools/nope` } },
    };
    expect(consumerProblems(P, serving, tamperedBuild, objects)).toEqual([
      `ServiceAccount mlops-toxic-detection-api: Google service account other@${P}.iam.gserviceaccount.com is not created`,
      `ServiceAccount mlops-toxic-detection-api: no Workload Identity binding of ${wi('toxicity', 'mlops-toxic-detection-api')} to other@${P}.iam.gserviceaccount.com`,
      'cloudbuild.yaml _DATA_BUCKET: bucket someone-elses-bucket is not created',
      'cloudbuild.yaml _CLUSTER/_ZONE: cluster other-cluster in europe-west1-b is not created',
      'cloudbuild.yaml options.pool: worker pool nope is not created',
    ]);
  });

  it('names every object validly, in the project, and keeps stateful resources on delete', () => {
    for (const m of objects) {
      expect(isDns1123Subdomain(m.metadata.name)).toBe(true);
      expect(m.metadata.namespace).toBe('config-control');
      expect(m.metadata.annotations[PROJECT_ID_ANNOTATION]).toBe(P);
    }
    const stateful = [
      'StorageBucket',
      'SQLInstance',
      'SQLDatabase',
      'SQLUser',
      'SecretManagerSecret',
      'ArtifactRegistryRepository',
      'Service',
    ];
    for (const m of objects.filter((o) => stateful.includes(o.kind))) {
      expect([m.kind, m.metadata.annotations[DELETION_POLICY_ANNOTATION]]).toEqual([m.kind, 'abandon']);
    }
    expect(ofKind(objects, 'StorageBucket').every((b) => b.metadata.labels?.app === 'toxicity')).toBe(true);
  });

  it('enables the APIs the stack uses', () => {
    const apis = ofKind(objects, 'Service').map((s) => s.metadata.name);
    for (const api of [
      'container',
      'artifactregistry',
      'cloudbuild',
      'secretmanager',
      'sqladmin',
      'pubsub',
      'storage',
      'iam',
      'monitoring',
    ]) {
      expect(apis).toContain(`${api}.googleapis.com`);
    }
  });

  it('builds a VPC-native cluster with Workload Identity, Dataplane V2, shielded nodes and no default pool', () => {
    const cluster = only(objects, 'ContainerCluster');
    expect(cluster.metadata.annotations['cnrm.cloud.google.com/remove-default-node-pool']).toBe('true');
    expect(cluster.spec).toMatchObject({
      location: 'europe-west1-b',
      datapathProvider: 'ADVANCED_DATAPATH',
      workloadIdentityConfig: { workloadPool: `${P}.svc.id.goog` },
      enableShieldedNodes: true,
      releaseChannel: { channel: 'REGULAR' },
      ipAllocationPolicy: { clusterSecondaryRangeName: 'pods', servicesSecondaryRangeName: 'services' },
      privateClusterConfig: { enablePrivateNodes: true },
    });
    const subnet = only(objects, 'ComputeSubnetwork');
    expect(subnet.spec.privateIpGoogleAccess).toBe(true);
    expect(subnet.spec.secondaryIpRange.map((r: Manifest) => r.rangeName)).toEqual(['pods', 'services']);
    expect(ofKind(objects, 'ComputeRouterNAT')).toHaveLength(1);
  });

  it('gives the node pool GKE_METADATA, autoscaling 1-4 on e2-standard-2, auto-repair and auto-upgrade', () => {
    const pool = only(objects, 'ContainerNodePool');
    expect(pool.spec).toMatchObject({
      autoscaling: { minNodeCount: 1, maxNodeCount: 4 },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: 'e2-standard-2',
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        serviceAccountRef: { name: 'toxicity-nodes' },
      },
    });
  });

  it('makes a regional cluster without NAT when the location is a region and the nodes are public', () => {
    const regional = synthInfra(
      infraConfig({ cluster: { location: 'europe-west1' }, infra: { network: { privateNodes: false } } }),
    );
    expect(only(regional, 'ContainerCluster').spec.location).toBe('europe-west1');
    expect(only(regional, 'ContainerCluster').spec.privateClusterConfig).toBeUndefined();
    expect(ofKind(regional, 'ComputeRouterNAT')).toHaveLength(0);
  });

  it('keeps more image versions than the Deployment can roll back to, and the build cache', () => {
    const repo = only(objects, 'ArtifactRegistryRepository');
    const history = only(synthServing(acme), 'Deployment').spec.revisionHistoryLimit;
    const keep = repo.spec.cleanupPolicies.find((p: Manifest) => p.mostRecentVersions);
    expect(keep.action).toBe('KEEP');
    expect(keep.mostRecentVersions.keepCount).toBeGreaterThan(history);
    expect(repo.spec.cleanupPolicies.find((p: Manifest) => p.condition?.tagPrefixes)?.condition.tagPrefixes).toEqual([
      'buildcache',
    ]);
  });

  it('throws when fewer image versions are kept than the Deployment revision history needs', () => {
    expect(() => synthInfra(infraConfig({ infra: { keepImageVersions: 5 } }))).toThrow(
      /'keepVersions' must be an integer >= 11 \(the Deployment's revision history 10 \+ the running image\), got 5/,
    );
  });

  it('creates versioned, private, uniform buckets and announces data uploads on the topic', () => {
    const buckets = ofKind(objects, 'StorageBucket');
    expect(buckets.map((b) => b.metadata.name)).toEqual([
      `${P}-toxicity-data`,
      `${P}-toxicity-models`,
      `${P}-toxicity-mlflow`,
      `${P}-toxicity-build-logs`,
    ]);
    for (const b of buckets)
      expect(b.spec).toMatchObject({ uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' });
    expect(buckets[1].spec.versioning).toEqual({ enabled: true });
    expect(only(objects, 'StorageNotification').spec).toMatchObject({
      bucketRef: { name: `${P}-toxicity-data` },
      topicRef: { name: 'toxicity-data-uploads' },
      objectNamePrefix: 'uploads/',
      eventTypes: ['OBJECT_FINALIZE'],
    });
  });

  it('declares the secrets without any value', () => {
    const secrets = ofKind(objects, 'SecretManagerSecret');
    expect(secrets.map((s) => s.metadata.name)).toEqual([
      'mlops-toxic-detection-api-jwt',
      'mlflow-tracking-token',
      'mlflow-admin-password',
      'mlflow-flask-secret-key',
      'mlflow-db-password',
    ]);
    expect(JSON.stringify(objects)).not.toMatch(/secretData|"value":/);
  });

  it('puts Cloud SQL on a private IP with backups, and the trigger as `pipeline trigger` plans it', () => {
    expect(only(objects, 'SQLInstance').spec.settings).toMatchObject({
      backupConfiguration: { enabled: true, pointInTimeRecoveryEnabled: true },
      ipConfiguration: { ipv4Enabled: false, privateNetworkRef: { name: 'toxicity-vpc' } },
    });
    const triggers = ofKind(objects, 'CloudBuildTrigger');
    expect(triggers.map((t) => t.metadata.name)).toEqual(['toxicity-main', 'toxicity-main-retrain']);
    const trigger = triggers[0];
    const build = toxicityPipeline(acme);
    expect(trigger.spec).toMatchObject({
      github: { owner: 'acme', name: 'toxicity', push: { branch: '^main$' } },
      filename: 'cloudbuild.yaml',
      substitutions: build.substitutions,
      serviceAccountRef: { external: `projects/${P}/serviceAccounts/toxicity-builder@${P}.iam.gserviceaccount.com` },
    });
    expect(ofKind(synthInfra(infraConfig()), 'CloudBuildTrigger')).toHaveLength(0);
  });

  it('runs cloudbuild-retrain.yaml on every finalized upload announced on the topic, with the object and its generation', () => {
    const retrain = ofKind(objects, 'CloudBuildTrigger')[1];
    const topic = only(objects, 'PubSubTopic');
    expect(only(objects, 'StorageNotification').spec.topicRef).toEqual({ name: topic.metadata.name });
    expect(retrain.spec).toMatchObject({
      location: 'global',
      pubsubConfig: { topicRef: { name: topic.metadata.name } },
      sourceToBuild: { uri: 'https://github.com/acme/toxicity', ref: 'refs/heads/main', repoType: 'GITHUB' },
      gitFileSource: { path: 'cloudbuild-retrain.yaml', revision: 'refs/heads/main', repoType: 'GITHUB' },
      filter: '_EVENT_TYPE == "OBJECT_FINALIZE"',
      substitutions: {
        ...retrainPipeline(acme).substitutions,
        _DATA_OBJECT: '$(body.message.attributes.objectId)',
        _DATA_GENERATION: '$(body.message.attributes.objectGeneration)',
        _EVENT_TYPE: '$(body.message.attributes.eventType)',
      },
      serviceAccountRef: { external: `projects/${P}/serviceAccounts/toxicity-builder@${P}.iam.gserviceaccount.com` },
    });
    // The build reads every substitution it uses from the trigger.
    const used = new Set(
      JSON.stringify(retrainPipeline(acme).steps)
        .match(/\$_[A-Z_]+/g)!
        .map((v) => v.slice(1)),
    );
    for (const name of used) expect(Object.keys(retrain.spec.substitutions)).toContain(name);
  });

  it('leaves the retraining trigger out when the branch pattern names no single branch', () => {
    const wide = infraConfig({ pipeline: { githubOwner: 'acme', githubRepo: 'toxicity', branch: '^release-.*$' } });
    expect(ofKind(synthInfra(wide), 'CloudBuildTrigger').map((t) => t.metadata.name)).toEqual(['toxicity-main']);
  });

  it('routes every serving alert to the e-mail channel of the config', () => {
    const policies = ofKind(objects, 'MonitoringAlertPolicy');
    const rules = only(synthServing(acme), 'Rules').spec.groups[0].rules;
    expect(policies.map((p) => p.spec.displayName)).toEqual(rules.map((r: Manifest) => r.alert));
    expect(policies.map((p) => p.spec.conditions[0].conditionPrometheusQueryLanguage.query)).toEqual(
      rules.map((r: Manifest) => r.expr),
    );
    for (const p of policies) expect(p.spec.notificationChannels).toEqual([{ name: 'toxicity-oncall-email' }]);
    expect(only(objects, 'MonitoringNotificationChannel').spec.labels).toEqual({ email_address: 'oncall@acme.test' });
  });

  it('throws when the builder account belongs to another project', () => {
    expect(() =>
      synthInfra(infraConfig({ pipeline: { serviceAccount: 'builder@other-project.iam.gserviceaccount.com' } })),
    ).toThrow(/'pipeline.serviceAccount' must be a service account of project my-gcp-project to be created here/);
  });

  it('matches the committed dist/infra/ (run `npm run synth` after changing the infra or the config)', () => {
    const committed = parseAllDocuments(
      readFileSync(join(REPO_ROOT, 'dist', 'infra', 'toxicity-infra.k8s.yaml'), 'utf8'),
    ).map((d) => d.toJS());
    expect(committed).toEqual(synthInfra(loadConfigFile({ cwd: REPO_ROOT, env: {} })));
  });
});

describe('InfraChart with retraining.trainer: vertex-ai', () => {
  const vertex = infraConfig({
    gcp: { projectId: P },
    pipeline: { githubOwner: 'acme', githubRepo: 'toxicity' },
    infra: { projectNumber: '123456789012', alerts: { email: 'oncall@acme.test' } },
    retraining: { trainer: 'vertex-ai', vertexAi: { serviceAccount: 'toxicity-vertex-job' } },
  });
  const vertexObjects = synthInfra(vertex);
  const key = (r: { member: string; role: string; on: string }) => `${r.member} ${r.role} ${r.on}`;

  it('enables Vertex AI and creates the job account, only then', () => {
    expect(ofKind(vertexObjects, 'Service').map((s) => s.metadata.name)).toContain('aiplatform.googleapis.com');
    expect(ofKind(objects, 'Service').map((s) => s.metadata.name)).not.toContain('aiplatform.googleapis.com');
    expect(ofKind(vertexObjects, 'IAMServiceAccount').map((a) => a.metadata.name)).toContain('toxicity-vertex-job');
    expect(ofKind(objects, 'IAMServiceAccount').map((a) => a.metadata.name)).not.toContain('toxicity-vertex-trainer');
  });

  it('adds exactly these grants, each with its reason: the job reads data and writes candidates, the build starts it as that account', () => {
    const before = new Set(iamTable(objects).map(key));
    const added = iamTable(vertexObjects).filter((r) => !before.has(key(r)));
    expect(added.map((r) => [r.member, r.role, r.on])).toEqual([
      [sa('toxicity-builder'), 'roles/iam.serviceAccountUser', 'IAMServiceAccount/toxicity-vertex-job'],
      [sa('toxicity-vertex-job'), 'roles/storage.objectViewer', `StorageBucket/${P}-toxicity-data`],
      [sa('toxicity-vertex-job'), 'roles/storage.objectCreator', `StorageBucket/${P}-toxicity-models`],
      [sa('toxicity-builder'), 'roles/aiplatform.user', 'Project'],
    ]);
    expect(iamTable(vertexObjects)).toHaveLength(iamTable(objects).length + added.length);
    expect(iamProblems(iamTable(vertexObjects))).toEqual([]);
    for (const r of added) expect(r.reason).toMatch(/Vertex AI|train step/);
  });

  it('changes nothing else', () => {
    const strip = (ms: typeof objects) =>
      ms.filter(
        (m) =>
          !(m.kind === 'Service' && m.metadata.name === 'aiplatform.googleapis.com') &&
          !(m.kind === 'IAMServiceAccount' && m.metadata.name === 'toxicity-vertex-job') &&
          !(m.kind === 'IAMPolicyMember' && /vertex|aiplatform/.test(JSON.stringify(m))),
      );
    expect(strip(vertexObjects)).toEqual(objects);
  });
});

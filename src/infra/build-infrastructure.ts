import { Construct } from 'constructs';
import {
  CloudBuildTrigger,
  CloudBuildWorkerPool,
  type CloudBuildTriggerSpec,
} from './imports/cloudbuild.cnrm.cloud.google.com';
import { gcpMetadata, projectExternal } from './gcp-metadata';
import type { VpcNetwork } from './vpc-network';

/** The trigger as the `pipeline trigger` command would create it (the same planned request). */
export interface PlannedTrigger {
  readonly name: string;
  readonly description: string;
  readonly filename: string;
  readonly substitutions: Readonly<Record<string, string>>;
  readonly tags: readonly string[];
  /** Service account e-mail the builds run as. */
  readonly serviceAccountEmail: string | null;
  readonly github?: { readonly owner: string; readonly name: string; readonly branch: string };
  /** 2nd-gen repository resource and its location. */
  readonly repository?: { readonly resource: string; readonly location: string; readonly branch: string };
  /** The retraining trigger on the upload topic, from the same repository; absent: none. */
  readonly retrain?: PlannedRetrainTrigger;
}

/**
 * The Pub/Sub trigger of the retraining pipeline: each message on the upload topic runs
 * `filename` from `ref` of the push trigger's repository, with the object name and generation of
 * the message as substitutions (cloud.google.com/build/docs/automate-builds-pubsub-events).
 */
export interface PlannedRetrainTrigger {
  readonly name: string;
  readonly description: string;
  readonly filename: string;
  /** Git ref the build runs, e.g. `refs/heads/main`. */
  readonly ref: string;
  /** The build's substitutions plus those read from the message (`$(body.message.attributes.…)`). */
  readonly substitutions: Readonly<Record<string, string>>;
  /** CEL filter over the substitutions, e.g. only OBJECT_FINALIZE events. */
  readonly filter: string;
  readonly tags: readonly string[];
}

export interface BuildInfrastructureProps {
  readonly projectId: string;
  readonly region: string;
  readonly workerPool: string;
  readonly machineType: string;
  readonly diskSizeGb: number;
  readonly network: VpcNetwork;
  /** Leave out when the repository is not configured yet (no trigger is synthesized). */
  readonly trigger?: PlannedTrigger;
  /** Config Connector object name of the upload topic the retraining trigger listens to. */
  readonly uploadTopicObjectName?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Cloud Build's private worker pool, peered with the cluster's VPC (so builds reach MLflow's
 * internal address), and the push trigger built from the same plan as `toxicity pipeline trigger`.
 */
export class BuildInfrastructure extends Construct {
  readonly workerPoolName: string;
  /** `projects/<p>/locations/<region>/workerPools/<name>`, what `options.pool.name` names. */
  readonly workerPoolResource: string;
  readonly triggerName: string | null;
  readonly retrainTriggerName: string | null = null;

  constructor(scope: Construct, id: string, props: BuildInfrastructureProps) {
    super(scope, id);
    this.workerPoolName = props.workerPool;
    this.workerPoolResource = `projects/${props.projectId}/locations/${props.region}/workerPools/${props.workerPool}`;
    new CloudBuildWorkerPool(this, 'WorkerPool', {
      metadata: gcpMetadata({
        name: props.workerPool,
        projectId: props.projectId,
        annotations: {
          'cnrm.cloud.google.com/dependencies': `ServiceNetworkingConnection/${props.network.privateServicesConnectionName}`,
        },
      }),
      spec: {
        projectRef: { external: projectExternal(props.projectId) },
        location: props.region,
        displayName: 'toxicity pipeline',
        privatePoolV1Config: {
          workerConfig: { machineType: props.machineType, diskSizeGb: props.diskSizeGb },
          // Public egress: the build installs npm packages; MLflow is reached over the peering.
          networkConfig: { peeredNetworkRef: { name: props.network.networkObjectName }, egressOption: 'PUBLIC_EGRESS' },
        },
      },
    });

    const t = props.trigger;
    this.triggerName = t?.name ?? null;
    if (t) {
      const source: Partial<CloudBuildTriggerSpec> = t.repository
        ? {
            location: t.repository.location,
            repositoryEventConfig: { repository: t.repository.resource, push: { branch: t.repository.branch } },
          }
        : t.github
          ? {
              location: 'global',
              github: { owner: t.github.owner, name: t.github.name, push: { branch: t.github.branch } },
            }
          : {};
      if (!source.location)
        throw new Error(
          `BuildInfrastructure: the trigger "${t.name}" needs a GitHub repository or a 2nd-gen repository`,
        );
      new CloudBuildTrigger(this, 'Trigger', {
        metadata: gcpMetadata({ name: t.name.toLowerCase(), projectId: props.projectId }),
        spec: {
          ...(source as CloudBuildTriggerSpec),
          description: t.description,
          filename: t.filename,
          substitutions: { ...t.substitutions },
          tags: [...t.tags],
          ...(t.serviceAccountEmail
            ? {
                serviceAccountRef: { external: `projects/${props.projectId}/serviceAccounts/${t.serviceAccountEmail}` },
              }
            : {}),
        },
      });
      if (t.retrain && props.uploadTopicObjectName) {
        this.retrainTriggerName = t.retrain.name;
        this.retrainTrigger(props, t, t.retrain, props.uploadTopicObjectName, source.location);
      }
    }
  }

  private retrainTrigger(
    props: BuildInfrastructureProps,
    t: PlannedTrigger,
    r: PlannedRetrainTrigger,
    topic: string,
    location: string,
  ): void {
    // The same repository as the push trigger: a 2nd-gen repository by reference, else its GitHub URL.
    const repo = t.repository
      ? { repositoryRef: { external: t.repository.resource }, repoType: 'GITHUB' }
      : { uri: `https://github.com/${t.github!.owner}/${t.github!.name}`, repoType: 'GITHUB' };
    new CloudBuildTrigger(this, 'RetrainTrigger', {
      metadata: gcpMetadata({ name: r.name.toLowerCase(), projectId: props.projectId }),
      spec: {
        location,
        description: r.description,
        pubsubConfig: { topicRef: { name: topic } },
        sourceToBuild: { ...repo, ref: r.ref },
        gitFileSource: { ...repo, path: r.filename, revision: r.ref },
        substitutions: { ...r.substitutions },
        filter: r.filter,
        tags: [...r.tags],
        ...(t.serviceAccountEmail
          ? { serviceAccountRef: { external: `projects/${props.projectId}/serviceAccounts/${t.serviceAccountEmail}` } }
          : {}),
      },
    });
  }
}

import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppConfig } from '../src/config';
import { MlflowServer, recommendedLabels } from '../src/constructs';

export interface MlflowChartProps {
  /** The resolved config; the chart reads `mlflow.server`, `app`, `network` and `pipeline`. */
  readonly config: AppConfig;
}

/** Labels of the trainer pods MLflow admits (a training Job of the stack carries them). */
export function trainerSelectorLabels(config: Pick<AppConfig, 'app'>): Record<string, string> {
  return { 'app.kubernetes.io/part-of': config.app.partOf, 'app.kubernetes.io/component': 'trainer' };
}

/**
 * The MLflow tracking server of the stack (`dist/toxicity-mlflow.k8s.yaml`), in the API's
 * namespace: admitted clients are the API pods (for `models:/` URIs), the trainer pods and the
 * build pool's peered range.
 */
export class MlflowChart extends Chart {
  readonly server: MlflowServer;

  constructor(scope: Construct, id: string, props: MlflowChartProps) {
    const { config } = props;
    super(scope, id, { namespace: config.app.namespace });
    const s = config.mlflow.server;
    const imageTag = /:([A-Za-z0-9_][A-Za-z0-9_.-]*)$/.exec(s.image)?.[1] ?? 'pinned';
    const { labels, selectorLabels } = recommendedLabels({
      name: s.name,
      partOf: config.app.partOf,
      component: 'tracking-server',
      version: imageTag,
    });
    const api = recommendedLabels({ name: config.app.name, partOf: config.app.partOf, version: config.image.tag });
    this.server = new MlflowServer(this, 'Server', {
      name: s.name,
      namespace: config.app.namespace,
      labels,
      selectorLabels,
      image: s.image,
      port: s.port,
      replicas: s.replicas,
      runAsUser: config.app.runAsUser,
      cloudSql: {
        instance: s.cloudSqlInstance,
        database: s.database,
        user: s.databaseUser,
        proxyImage: s.proxyImage,
      },
      artifactsDestination: `gs://${s.artifactBucket}`,
      credentialsSecret: s.credentialsSecret,
      credentials: {
        projectId: config.gcp.projectId,
        databasePasswordSecret: s.databasePasswordSecret,
        adminPasswordSecret: s.adminPasswordSecret,
        flaskSecretKeySecret: s.flaskSecretKeySecret,
      },
      adminUsername: s.adminUsername,
      gcpServiceAccount: s.gcpServiceAccount,
      ...(s.internalAddress === null ? {} : { internalAddress: s.internalAddress }),
      clients: {
        podSelectors: [api.selectorLabels, trainerSelectorLabels(config)],
        cidrs: config.pipeline.workerPoolCidr === null ? [] : [config.pipeline.workerPoolCidr],
      },
      egress: {
        dnsAddresses: config.network.dnsAddresses,
        metadataServer: config.network.metadataServer,
        googleApisCidr: config.network.googleApisCidr,
      },
    });
  }
}

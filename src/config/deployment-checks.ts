import type { AppConfig } from './app-config';

/**
 * Settings that are fine on a laptop (`npm start`, a local MLflow on 127.0.0.1) but would deploy
 * something that cannot work: a pod or a build step cannot reach the machine's loopback. `synth`,
 * `pipeline synth` and `toxicity config` refuse such a config with these problems; `parseConfig`
 * does not, so local runs keep their embedded defaults.
 *
 * Each problem starts with the JSON pointer of the setting and says what to set.
 */
export function deploymentProblems(c: AppConfig): string[] {
  const problems: string[] = [];
  const server = c.mlflow.server;
  if (c.model.uri.startsWith('models:')) {
    if (isLoopback(c.mlflow.trackingUri)) {
      problems.push(
        `/mlflow/trackingUri: ${c.mlflow.trackingUri} is the pod's own loopback, and model.uri ${c.model.uri} makes every pod ` +
          `ask the registry there: remove model.uri to serve the champion pointer (recommended), or set mlflow.trackingUri ` +
          `to the registry the pods reach (${server.enabled ? inClusterTrackingUri(c) : 'its in-cluster URL'})`,
      );
    }
  }
  if (server.enabled && c.mlflow.pipelineTrackingUri === null) {
    if (server.internalAddress === null) {
      problems.push(
        '/mlflow/server/internalAddress: unset: the build pool reaches MLflow through an internal load balancer on this ' +
          'address; set it to a reserved internal IPv4 of the cluster subnet (or set mlflow.pipelineTrackingUri)',
      );
    }
    if (c.pipeline.workerPool === null) {
      problems.push(
        "/pipeline/workerPool: unset: Cloud Build's default pool cannot reach MLflow's internal address; set the private " +
          'worker pool peered with the cluster VPC',
      );
    }
  } else if (!server.enabled && c.mlflow.pipelineTrackingUri === null) {
    problems.push(
      '/mlflow/pipelineTrackingUri: unset while mlflow.server.enabled is false: the train step would have no registry; ' +
        'set the URL of the MLflow server the build pool reaches, or enable mlflow.server',
    );
  }
  if (c.mlflow.pipelineTrackingUri !== null && isLoopback(c.mlflow.pipelineTrackingUri)) {
    problems.push(
      `/mlflow/pipelineTrackingUri: ${c.mlflow.pipelineTrackingUri} is the build machine's own loopback, where no MLflow ` +
        'runs: set the URL the build pool reaches (or unset it to use the deployed server)',
    );
  }
  return problems;
}

/** The tracking URL the pipeline's train step registers against (`_MLFLOW_URI`). */
export function pipelineTrackingUri(c: Pick<AppConfig, 'mlflow'>): string {
  const { pipelineTrackingUri: explicit, server } = c.mlflow;
  if (explicit !== null) return explicit;
  // Unset address: only reachable through a config that `deploymentProblems` refuses; keep the
  // output well-formed for `config` to show.
  return `http://${server.internalAddress ?? 'MLFLOW-INTERNAL-ADDRESS-UNSET'}:${server.port}`;
}

/** The in-cluster URL of the deployed MLflow (what pods of the stack, e.g. a trainer Job, use). */
export function inClusterTrackingUri(c: Pick<AppConfig, 'mlflow' | 'app'>): string {
  return `http://${c.mlflow.server.name}.${c.app.namespace}.svc.cluster.local:${c.mlflow.server.port}`;
}

/** True for URLs on 127.0.0.0/8, ::1, localhost or 0.0.0.0. */
export function isLoopback(uri: string): boolean {
  let host: string;
  try {
    host = new URL(uri).hostname;
  } catch {
    return false;
  }
  return /^(127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[::1\]|localhost)$/i.test(host) || host.endsWith('.localhost');
}

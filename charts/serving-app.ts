import { App, YamlOutputType } from 'cdk8s';
import type { AppConfig } from '../src/config';
import { MlflowChart } from './mlflow-chart';
import { ServingChart } from './serving-chart';

/** Chart id, also the output file name (`toxicity-serving.k8s.yaml`). */
export const SERVING_CHART_ID = 'toxicity-serving';

export interface ServingAppOptions {
  /**
   * Folder the manifests are written to by `synth()`.
   * @default dist
   */
  readonly outdir?: string;
}

/**
 * The cdk8s app: one chart per file in `dist/`. The chart id is the file name
 * (`dist/toxicity-serving.k8s.yaml`); it is kebab-case because cdk8s appends a hash to chart ids
 * that are not DNS labels.
 */
export function createServingApp(config: AppConfig, options: ServingAppOptions = {}): App {
  const app = new App({ outdir: options.outdir ?? 'dist', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  new ServingChart(app, SERVING_CHART_ID, { config });
  if (config.mlflow.server.enabled) new MlflowChart(app, 'toxicity-mlflow', { config });
  return app;
}

/** The serving chart of an app made by `createServingApp`. */
export function servingChartOf(app: App): ServingChart {
  const chart = app.node.findChild(SERVING_CHART_ID);
  if (!(chart instanceof ServingChart)) throw new Error(`the app has no ${SERVING_CHART_ID} chart`);
  return chart as ServingChart;
}

/** What `synth` warns about in the edge settings (plain HTTP on the internet, an open load balancer). */
export function edgeWarnings(config: AppConfig): string[] {
  const warnings: string[] = [];
  // The Gateway mode always serves HTTPS to clients, and Cloud Armor (not source ranges) guards it.
  if (config.edge.mode === 'gateway') return warnings;
  if (config.edge.tls === 'none') {
    warnings.push(
      'edge.tls is none (edge.allowPlainHttp: true): the API is served in plain HTTP, so bearer tokens and comments cross the network in clear',
    );
  }
  if (config.service.loadBalancerSourceRanges.length === 0 && !config.service.internal) {
    warnings.push(
      'service.loadBalancerSourceRanges is empty: the external load balancer admits every address; list the client CIDRs to narrow it',
    );
  }
  return warnings;
}

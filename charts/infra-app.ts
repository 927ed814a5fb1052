import { ApiObject, App, YamlOutputType } from 'cdk8s';
import type { AppConfig } from '../src/config';
import { alertingRule } from '../src/monitoring';
import type { PlannedRetrainTrigger, PlannedTrigger, RoutedAlert } from '../src/infra';
import {
  CACHE_TAG,
  INFRA_MANIFESTS_DIR,
  planTrigger,
  RETRAIN_BUILD_CONFIG_FILENAME,
  RETRAIN_MESSAGE_SUBSTITUTIONS,
  RETRAIN_TRIGGER_FILTER,
  retrainSubstitutions,
  TriggerConfigError,
} from '../pipelines';
import { InfraChart } from './infra-chart';
import type { ServingChart } from './serving-chart';

/** Sub-folder of the manifests output holding the infrastructure (never applied to the serving cluster). */
export const INFRA_OUTPUT_DIR = INFRA_MANIFESTS_DIR;

export interface InfraAppOptions {
  /** Folder the Config Connector objects are written to. @default dist/infra */
  readonly outdir?: string;
}

/**
 * The infrastructure app: one chart, `dist/infra/toxicity-infra.k8s.yaml`. It reads what it must
 * match from the serving chart (its alerts, the Deployment's revision history) and the trigger from
 * the same plan as `toxicity pipeline trigger`.
 */
export function createInfraApp(config: AppConfig, serving: ServingChart, options: InfraAppOptions = {}): App {
  const app = new App({
    outdir: options.outdir ?? `dist/${INFRA_OUTPUT_DIR}`,
    yamlOutputType: YamlOutputType.FILE_PER_CHART,
  });
  new InfraChart(app, 'toxicity-infra', {
    config,
    alerts: routedAlerts(serving),
    deploymentRevisionHistory: revisionHistoryLimit(serving),
    keepTagPrefixes: [CACHE_TAG],
    trigger: plannedTrigger(config),
  });
  return app;
}

function routedAlerts(serving: ServingChart): RoutedAlert[] {
  return serving.monitoring.alerts.map((a) => {
    const rule = alertingRule(a);
    return { name: rule.alert, expr: rule.expr, for: rule.for, severity: a.severity, runbookUrl: a.runbookUrl };
  });
}

function revisionHistoryLimit(serving: ServingChart): number {
  const spec = (ApiObject.of(serving.api.deployment).toJson() as { spec?: { revisionHistoryLimit?: unknown } }).spec;
  const limit = spec?.revisionHistoryLimit;
  // Kubernetes' own default when the field is absent.
  return typeof limit === 'number' ? limit : 10;
}

/** The trigger `pipeline trigger` would create, or null while no repository is configured. */
export function plannedTrigger(config: AppConfig): PlannedTrigger | null {
  let plan;
  try {
    plan = planTrigger(config);
  } catch (err) {
    if (err instanceof TriggerConfigError) return null;
    throw err;
  }
  const t = plan.createRequest.trigger!;
  const p = config.pipeline;
  const retrain = plannedRetrainTrigger(config);
  return {
    name: t.name!,
    description: t.description!,
    filename: t.filename!,
    substitutions: { ...(t.substitutions ?? {}) },
    tags: [...(t.tags ?? [])],
    serviceAccountEmail: p.serviceAccount,
    ...(plan.generation === 'github'
      ? { github: { owner: t.github!.owner!, name: t.github!.name!, branch: t.github!.push!.branch! } }
      : {
          repository: {
            resource: t.repositoryEventConfig!.repository!,
            location: /locations\/([^/]+)\//.exec(t.repositoryEventConfig!.repository!)![1],
            branch: t.repositoryEventConfig!.push!.branch!,
          },
        }),
    ...(retrain ? { retrain } : {}),
  };
}

/**
 * The retraining trigger on the upload topic. It builds a fixed ref, so it exists only when the
 * push trigger's branch pattern names one branch (`^main$`); a wider pattern has no single ref.
 */
function plannedRetrainTrigger(config: AppConfig): PlannedRetrainTrigger | null {
  const branch = /^\^([\w./-]+)\$$/.exec(config.pipeline.branch)?.[1];
  if (branch === undefined) return null;
  return {
    name: `${config.pipeline.triggerName}-retrain`.slice(0, 64),
    description: `Retrains ${config.model.name} when data is uploaded under ${config.infra.retrain.dataPrefix} of the data bucket`,
    filename: RETRAIN_BUILD_CONFIG_FILENAME,
    ref: `refs/heads/${branch}`,
    substitutions: { ...retrainSubstitutions(config), ...RETRAIN_MESSAGE_SUBSTITUTIONS },
    filter: RETRAIN_TRIGGER_FILTER,
    tags: ['toxicity-retrain'],
  };
}

/**
 * The kube-state-metrics (v2) series the alerts and dashboard read, with their label names, from
 * https://github.com/kubernetes/kube-state-metrics/tree/main/docs (deployment-metrics.md,
 * horizontalpodautoscaler-metrics.md). kube-state-metrics is an exporter the cluster runs, not this
 * project: GKE's managed package or the example in Managed Service for Prometheus' docs (scraped
 * with `targetLabels.metadata: []` so the object's own `namespace` label is kept), or the one
 * kube-prometheus-stack installs (scraped with `honorLabels: true`). Without it the two alerts that
 * use these series stay silent.
 */
export const KUBE_STATE_METRICS = {
  deploymentAvailableReplicas: 'kube_deployment_status_replicas_available',
  deploymentSpecReplicas: 'kube_deployment_spec_replicas',
  hpaCurrentReplicas: 'kube_horizontalpodautoscaler_status_current_replicas',
  hpaMaxReplicas: 'kube_horizontalpodautoscaler_spec_max_replicas',
  hpaMinReplicas: 'kube_horizontalpodautoscaler_spec_min_replicas',
} as const;

/** Label names kube-state-metrics v2 puts on those series. */
export const KUBE_STATE_LABELS = {
  namespace: 'namespace',
  deployment: 'deployment',
  /** Named `hpa` before kube-state-metrics 2.0. */
  horizontalPodAutoscaler: 'horizontalpodautoscaler',
} as const;

/** Where a metric comes from: our server, kube-state-metrics, or Prometheus itself (`up`). */
export type MetricSource = 'model-server' | 'kube-state-metrics' | 'prometheus';

/** Every metric name this project reads that the model server does not expose. */
export const EXTERNAL_METRICS: Readonly<Record<string, MetricSource>> = {
  ...Object.fromEntries(Object.values(KUBE_STATE_METRICS).map((name) => [name, 'kube-state-metrics' as const])),
  up: 'prometheus',
};

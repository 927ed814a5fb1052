export * from './alert-rules';
export * from './api-queries';
export * from './grafana-dashboard';
export * from './kube-state-metrics';
export * from './promql';
export * from './rule-tests';

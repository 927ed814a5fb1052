export * from './api-autoscaler';
export * from './api-disruption-budget';
export * from './api-network-policy';
export * from './k8s-syntax';
export * from './prop-checks';
export * from './recommended-labels';
export * from './toxicity-api';

export * from './app-config';
export * from './config-schema';
export * from './load-config';
export * from './env-schema';
export * from './config-file';
export * from './deployment-checks';
export * from './retraining-config';
export * from './model-card-config';

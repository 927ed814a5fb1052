/** The MLflow REST client (tracking, artifacts, registry) and the model registry built on it. */
export * from './mlflow-client';
export * from './model-registry';

/** The Cloud Build pipeline: a typed model of the build schema, the pipeline (with the MLflow server's image and rollout), its renderer, the strict validator and trigger creation. */
export * from './cloud-build-model';
export * from './cloud-build-protos';
export * from './mlflow-steps';
export * from './render-build-yaml';
export * from './retrain-pipeline';
export * from './substitution-template';
export * from './toxicity-pipeline';
export * from './trigger';
export * from './validation/validate-build';

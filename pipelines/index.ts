/** The Cloud Build pipeline: a typed model of the build schema, the six-step pipeline, its renderer, the strict validator and trigger creation. */
export * from './cloud-build-model';
export * from './cloud-build-protos';
export * from './render-build-yaml';
export * from './retrain-pipeline';
export * from './substitution-template';
export * from './toxicity-pipeline';
export * from './trigger';
export * from './validation/validate-build';

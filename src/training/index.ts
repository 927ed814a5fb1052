/** The trainer: dataset readers, the stratified split, training and evaluation, the MLflow run record and its charts. */
export * from './read-dataset';
export * from './run-charts';
export * from './run-record';
export * from './stratified-split';
export * from './train-model';
export * from './data-quality';
export * from './challenger-gate';
export * from './retrain-claims';
export * from './vertex-custom-job';
export * from './retrain-notification';
export * from './model-card';

/** Every `toxicity` command, each registered on the program by the CLI entry point (the only importer of this folder). */
export * from './challenge-registration';
export * from './cli-context';
export * from './data-command';
export * from './dataset-input';
export * from './import-command';
export * from './import-registration';
export * from './infra-command';
export * from './pipeline-commands';
export * from './predict-command';
export * from './progress';
export * from './registry-commands';
export * from './retrain-command';
export * from './retrain-subscribe-command';
export * from './serve-command';
export * from './token-command';
export * from './train-command';
export * from './program';

export * from './object-store';
export * from './file-object-store';
export * from './gcs-object-store';
export * from './store-set';
export * from './registry-model-uri';
export * from './model-source';
export * from './champion-pointer';

/** Small pure helpers every folder may use: how error messages show values, JSON Pointer look-ups, Ajv options. */
export * from './describe-value';
export * from './json-pointer';
export * from './closest-match';
export * from './ajv-options';

/** Small pure helpers every folder may use: how error messages show values, JSON Pointer look-ups. */
export * from './describe-value';
export * from './json-pointer';
export * from './closest-match';

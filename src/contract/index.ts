/**
 * The contract shared by the server, the constructs, the monitoring code and the pipeline: routes and
 * probe paths, container and port names, metric names, environment variable names. It imports nothing
 * of the project's, so every other folder may read it.
 */
export * from './env-names';
export * from './http-routes';
export * from './metric-names';
export * from './ports';

/**
 * The model server: the Express app factory, the runtime that listens and drains, the options both
 * entry points build it from, JWT keys and verification, logging and metrics. `server.ts` is the
 * container entry point and is not exported.
 */
export * from './create-app';
export * from './jwt-key-ring';
export * from './jwt-verifier';
export * from './logger';
export * from './model-holder';
export * from './model-server-runtime';
export * from './server-metrics';
export * from './server-options';

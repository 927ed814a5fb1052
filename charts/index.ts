/** The cdk8s charts composing the constructs; `main.ts` is the app cdk8s.yaml names (not exported). */
export * from './serving-app';
export * from './serving-chart';

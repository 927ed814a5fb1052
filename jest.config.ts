import type { Config } from 'jest';

/** Unit suites: no external service needed (`npm test`). Integration suites: jest.integration.config.ts. */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/integration/'],
  // Type-checking is done once by `tsc --noEmit` in `npm test`; with isolatedModules ts-jest only transpiles.
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
};
export default config;

import type { Config } from 'jest';
import base from './jest.config';

/** Integration suites: talk to the real services `scripts/services.sh up` starts (MLflow, GCS emulator, Prometheus). */
const config: Config = {
  ...base,
  roots: ['<rootDir>/test/integration'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 180000,
  maxWorkers: 1,
};
export default config;

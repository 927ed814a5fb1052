/**
 * Endpoints of the real services `scripts/services.sh up` started. A suite that needs one fails
 * with a message saying how to start it, rather than skipping silently.
 */
export function requireService(
  variable: 'MLFLOW_TRACKING_URI' | 'GCS_EMULATOR_ENDPOINT' | 'PROMTOOL_BIN' | 'PROMETHEUS_BIN',
): string {
  const value = process.env[variable];
  if (!value) {
    throw new Error(
      `${variable} is not set: start the services first (bash scripts/services.sh run -- npm run test:integration)`,
    );
  }
  return value;
}

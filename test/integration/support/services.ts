/**
 * Endpoints of the real services `scripts/services.sh up` started. A suite that needs one fails
 * with a message saying how to start it, rather than skipping silently.
 */
export function requireService(
  variable:
    | 'MLFLOW_TRACKING_URI'
    | 'GCS_EMULATOR_ENDPOINT'
    | 'PROMTOOL_BIN'
    | 'PROMETHEUS_BIN'
    | 'PUBSUB_EMULATOR_HOST'
    | 'PUBSUB_PROJECT_ID'
    | 'PUBSUB_TOPIC'
    | 'RETRAIN_EVENT_BUCKET'
    | 'RETRAIN_EVENT_PREFIX',
): string {
  const value = process.env[variable];
  if (!value) {
    const emulator = /^(PUBSUB|RETRAIN)_/.test(variable)
      ? ' (the Pub/Sub emulator of the Google Cloud CLI is needed: scripts/services.sh install says why it is missing)'
      : '';
    throw new Error(
      `${variable} is not set: start the services first (bash scripts/services.sh run -- npm run test:integration)${emulator}`,
    );
  }
  return value;
}

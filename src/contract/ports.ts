/** Names of the model server's container and its ports, shared by the Deployment, Service and scrape config. */
export const CONTAINER_NAME = 'api';

/** Named ports of the API container. */
export const PORT_NAMES = {
  /** The API (and, until it has its own port, the probes and `/metrics`). */
  http: 'http',
} as const;

/** Names of the model server's container and its ports, shared by the Deployment, Service and scrape config. */
export const CONTAINER_NAME = 'api';

/** Named ports of the API container. */
export const PORT_NAMES = {
  /** The API in plain HTTP. */
  http: 'http',
  /** The API when the pods serve TLS. */
  https: 'https',
  /** Probes and `/metrics` (plain HTTP, never behind the Service). */
  admin: 'admin',
} as const;

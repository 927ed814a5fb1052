import Ajv, { type ErrorObject } from 'ajv';
import { ENV } from '../contract';
import { ONE_SHOT_VALIDATOR, didYouMean } from '../common';

/** How one environment variable is read. */
export interface EnvVarSpec {
  readonly type: 'string' | 'integer';
  readonly description: string;
  /** The config setting it overrides (`section.key`), if it is a config override. */
  readonly configPath?: string;
  /** Which entry points read it. */
  readonly readBy: readonly ('server' | 'cli' | 'synth')[];
  /** A secret: never printed. */
  readonly secret?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
}

/**
 * Every environment variable the entry points read, declared once: type, what it does, who reads
 * it. `parseEnv` validates a process environment against it (every problem at once) and returns the
 * typed `Env` the rest of the code receives; docs/configuration.md's table is generated from it.
 */
export const ENV_VARS = {
  [ENV.configPath]: {
    type: 'string',
    description: 'Config file to read (default: ./toxicity.config.yaml, else the embedded defaults).',
    readBy: ['server', 'cli', 'synth'],
  },
  [ENV.cdk8sOutdir]: {
    type: 'string',
    description: 'Folder `cdk8s synth` writes the manifests to (set by the cdk8s CLI; default dist).',
    readBy: ['synth'],
  },
  [ENV.projectId]: {
    type: 'string',
    description: 'Google Cloud project id.',
    configPath: 'gcp.projectId',
    readBy: ['server', 'cli', 'synth'],
  },
  [ENV.port]: {
    type: 'integer',
    description: 'Port the server listens on.',
    configPath: 'app.containerPort',
    readBy: ['server', 'cli', 'synth'],
    minimum: 0,
    maximum: 65535,
  },
  [ENV.adminPort]: {
    type: 'integer',
    description: 'Port of the admin listener: probes and `/metrics`, never behind the Service.',
    configPath: 'app.adminPort',
    readBy: ['server', 'cli', 'synth'],
    minimum: 0,
    maximum: 65535,
  },
  [ENV.maxInFlight]: {
    type: 'integer',
    description: 'Most API requests one replica serves at once (more get 503 with Retry-After).',
    configPath: 'server.maxInFlight',
    readBy: ['server', 'cli', 'synth'],
    minimum: 1,
  },
  [ENV.rateLimitPerSecond]: {
    type: 'integer',
    description: 'Requests per second one token subject may make to one replica (0 turns the limit off).',
    configPath: 'server.rateLimitPerSecond',
    readBy: ['server', 'cli', 'synth'],
    minimum: 0,
  },
  [ENV.tlsCertFile]: {
    type: 'string',
    description:
      'PEM certificate chain; with TLS_KEY_FILE the public port serves HTTPS (the Deployment sets both in TLS mode).',
    readBy: ['server'],
  },
  [ENV.tlsKeyFile]: {
    type: 'string',
    description: 'PEM private key of TLS_CERT_FILE.',
    readBy: ['server'],
  },
  [ENV.tlsReloadSeconds]: {
    type: 'integer',
    description: 'Seconds between looks for a renewed certificate in those files (default 30).',
    readBy: ['server'],
    minimum: 1,
    maximum: 3600,
  },
  [ENV.memoryLimitMiB]: {
    type: 'integer',
    description:
      'The container memory limit in MiB (downward API); the server refuses settings whose worst case exceeds it (default resources.memoryLimitMiB).',
    readBy: ['server'],
    minimum: 16,
  },
  [ENV.host]: {
    type: 'string',
    description: 'Interface the container entry point listens on (default 0.0.0.0).',
    readBy: ['server'],
  },
  [ENV.modelUri]: {
    type: 'string',
    description: 'Model to serve: a champion pointer (…/champion), file://…, gs://… or models:/<name>@<alias>.',
    configPath: 'model.uri',
    readBy: ['server', 'cli', 'synth'],
  },
  [ENV.modelChampionStore]: {
    type: 'string',
    description: 'Folder where promotion publishes versions and the champion pointer (gs://bucket or file://…).',
    configPath: 'model.championStore',
    readBy: ['server', 'cli', 'synth'],
  },
  [ENV.modelPollSeconds]: {
    type: 'integer',
    description: 'Seconds between checks for a new model (0 turns hot reload off).',
    configPath: 'model.pollIntervalSeconds',
    readBy: ['server', 'cli', 'synth'],
    minimum: 0,
  },
  [ENV.jwtIssuer]: {
    type: 'string',
    description: 'Required `iss` claim of bearer tokens.',
    configPath: 'auth.issuer',
    readBy: ['server', 'cli', 'synth'],
  },
  [ENV.jwtAudience]: {
    type: 'string',
    description: 'Required `aud` claim of bearer tokens.',
    configPath: 'auth.audience',
    readBy: ['server', 'cli', 'synth'],
  },
  [ENV.drainSeconds]: {
    type: 'integer',
    description: 'Seconds the server keeps serving after SIGTERM while readiness reports 503.',
    configPath: 'server.drainSeconds',
    readBy: ['server', 'cli', 'synth'],
    minimum: 0,
  },
  [ENV.mlflowTrackingUri]: {
    type: 'string',
    description: 'MLflow tracking server (MLflow’s own variable name).',
    configPath: 'mlflow.trackingUri',
    readBy: ['server', 'cli', 'synth'],
  },
  [ENV.jwtSecret]: {
    type: 'string',
    description: 'HS256 signing secret, at least 32 bytes.',
    readBy: ['server', 'cli'],
    secret: true,
  },
  [ENV.jwtSecrets]: {
    type: 'string',
    description: 'Several secrets as `kid:secret,kid:secret`, for rotation (instead of JWT_SECRET).',
    readBy: ['server', 'cli'],
    secret: true,
  },
  [ENV.jwtSigningKid]: {
    type: 'string',
    description: 'Key id new tokens are signed with (default: the first of JWT_SECRETS).',
    readBy: ['server', 'cli'],
  },
  [ENV.logLevel]: {
    type: 'string',
    description: 'Lowest log severity written.',
    readBy: ['server', 'cli'],
    enum: ['DEBUG', 'INFO', 'WARNING', 'ERROR'],
  },
  [ENV.gcsEmulatorEndpoint]: {
    type: 'string',
    description: 'Cloud Storage emulator URL (tests and local runs); unset in Google Cloud.',
    readBy: ['server', 'cli'],
  },
  [ENV.pubsubEmulatorHost]: {
    type: 'string',
    description:
      'Pub/Sub emulator `host:port` (`gcloud beta emulators pubsub start`) that `toxicity retrain subscribe` pulls from instead of Pub/Sub.',
    readBy: ['cli'],
  },
  [ENV.mlflowTrackingToken]: {
    type: 'string',
    description: 'MLflow bearer token.',
    readBy: ['server', 'cli'],
    secret: true,
  },
  [ENV.mlflowTrackingUsername]: {
    type: 'string',
    description: 'MLflow basic-auth user.',
    readBy: ['server', 'cli'],
  },
  [ENV.mlflowTrackingPassword]: {
    type: 'string',
    description: 'MLflow basic-auth password.',
    readBy: ['server', 'cli'],
    secret: true,
  },
  [ENV.commitSha]: {
    type: 'string',
    description: 'Commit a model is trained from, recorded in its provenance (Cloud Build sets it).',
    readBy: ['cli'],
  },
  [ENV.gitCommit]: {
    type: 'string',
    description: 'Commit, when COMMIT_SHA is not set.',
    readBy: ['cli'],
  },
  [ENV.buildId]: {
    type: 'string',
    description: 'Cloud Build build id, recorded as the actor of registry moves.',
    readBy: ['cli'],
  },
  [ENV.user]: {
    type: 'string',
    description: 'User name, recorded as the actor of registry moves (before BUILD_ID).',
    readBy: ['cli'],
  },
} as const satisfies Record<string, EnvVarSpec>;

type Specs = typeof ENV_VARS;

/** The validated environment: only the declared variables, typed; an empty value counts as unset. */
export type Env = {
  readonly [K in keyof Specs]?: Specs[K]['type'] extends 'integer' ? number : string;
};

/** Raised by `parseEnv`; `problems` names every bad variable with its value (secrets hidden). */
export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export const envJsonSchema = {
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(ENV_VARS).map(([name, spec]) => {
      const s = spec as EnvVarSpec;
      return [
        name,
        {
          type: s.type,
          ...(s.minimum !== undefined ? { minimum: s.minimum } : {}),
          ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
          ...(s.enum !== undefined ? { enum: s.enum } : {}),
        },
      ];
    }),
  ),
};
const validateEnv = new Ajv({ ...ONE_SHOT_VALIDATOR, allErrors: true, coerceTypes: true, strict: true }).compile(
  envJsonSchema,
);

/**
 * Reads the declared variables from a process environment (entry points pass `process.env`),
 * ignoring every other variable and treating an empty value as unset. Throws an `EnvError` listing
 * every problem at once.
 */
export function parseEnv(raw: Readonly<Record<string, string | undefined>>): Env {
  const picked: Record<string, string | number> = {};
  for (const name of Object.keys(ENV_VARS)) {
    const value = raw[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const given = { ...picked };
  if (!validateEnv(picked)) {
    throw new EnvError((validateEnv.errors ?? []).map((e) => formatEnvError(e, given)));
  }
  return Object.freeze(picked);
}

function formatEnvError(e: ErrorObject, given: Readonly<Record<string, string | number>>): string {
  const name = e.instancePath.slice(1);
  const spec = (ENV_VARS as Record<string, EnvVarSpec>)[name];
  const value = spec?.secret ? '(hidden)' : JSON.stringify(given[name]);
  if (e.keyword === 'enum') {
    const allowed = spec?.enum ?? [];
    return `${name}: must be one of ${allowed.join(', ')}, got ${value}${didYouMean(String(given[name]), allowed)}`;
  }
  return `${name}: ${e.message ?? 'is invalid'}, got ${value}`;
}

/** The variables that override a config setting, with the setting's path. */
export const CONFIG_OVERRIDE_VARS: readonly { readonly name: keyof Env; readonly path: string }[] = Object.entries(
  ENV_VARS,
)
  .filter(([, spec]) => (spec as EnvVarSpec).configPath !== undefined)
  .map(([name, spec]) => ({ name: name as keyof Env, path: (spec as EnvVarSpec).configPath as string }));

/** The Markdown table of docs/configuration.md, generated from `ENV_VARS`. */
export function envVarsMarkdownTable(): string {
  const rows = Object.entries(ENV_VARS).map(([name, spec]) => {
    const s = spec as EnvVarSpec;
    const type = s.enum ? s.enum.join(' \\| ') : s.type;
    const overrides = s.configPath ? `\`${s.configPath}\`` : '';
    return `| \`${name}\` | ${type} | ${overrides} | ${s.readBy.join(', ')} | ${s.description}${s.secret ? ' Secret.' : ''} |`;
  });
  return ['| variable | type | overrides | read by | meaning |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** Name prefixes only this project uses: a variable with one of them that it does not read is most likely a typo. */
const OWN_PREFIXES = ['TOXICITY_', 'JWT_', 'MODEL_', 'TLS_'];

/**
 * Warnings for variables that look like a misspelt variable of ours (`MODEL_URL`, `JWT_SECRETT`):
 * an unknown name with one of our prefixes and a close known name. Warnings, not errors: the
 * environment also carries other programs' variables.
 */
export function envNameWarnings(raw: Readonly<Record<string, string | undefined>>): string[] {
  const known = Object.keys(ENV_VARS);
  return Object.keys(raw)
    .filter((name) => !known.includes(name) && OWN_PREFIXES.some((p) => name.startsWith(p)))
    .map((name) => ({ name, hint: didYouMean(name, known) }))
    .filter(({ hint }) => hint !== '')
    .map(({ name, hint }) => `${name} is not a variable toxicity reads${hint}`);
}

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from './app-config';
import type { Env } from './env-schema';
import { ConfigError, applyEnvOverrides, parseConfig } from './load-config';
import { parse as parseYaml } from 'yaml';

/** The config file's default name, next to `cdk8s.yaml`. */
export const CONFIG_FILE_NAME = 'toxicity.config.yaml';

export interface LoadConfigFileOptions {
  /** Explicit path (from `--config` or `TOXICITY_CONFIG`); a missing explicit file is an error. */
  readonly path?: string;
  /** Folder searched for `toxicity.config.yaml` when no path is given. */
  readonly cwd: string;
  /** The parsed environment (`parseEnv`), for its config overrides. */
  readonly env?: Env;
}

/**
 * Reads the config file once, applies env overrides and validates. For entry points only: this is
 * the one place the config file is read. Without a file, the embedded defaults apply.
 */
export function loadConfigFile(options: LoadConfigFileOptions): AppConfig {
  const path = resolve(options.cwd, options.path ?? CONFIG_FILE_NAME);
  let raw: unknown = {};
  if (existsSync(path)) {
    try {
      raw = parseYaml(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new ConfigError(path, [`not valid YAML: ${(err as Error).message.split('\n')[0]}`]);
    }
  } else if (options.path !== undefined) {
    throw new ConfigError(path, ['file not found (check --config / TOXICITY_CONFIG)']);
  }
  return parseConfig(applyEnvOverrides(raw, options.env ?? {}), existsSync(path) ? path : 'embedded defaults');
}

/**
 * Layer 2 of the validator: the semantics from the Cloud Build docs (step ids and `waitFor`, `script` vs
 * `args`, substitutions defined and used, `$` escaping, secrets, volumes, limits).
 */

import { scanTemplate } from '../substitution-template';
import {
  type Obj,
  Problems,
  type Segments,
  closest,
  describeValue,
  formatPath,
  hint,
  isObj,
  strings,
} from './build-problems';
import { LIMITS, TRIGGER_ONLY_COMMIT_SUBSTITUTIONS } from './cloud-build-facts';
import { DURATION } from './schema-walker';
import { type Declared, SubstitutionChecker } from './substitution-checker';

export function durationSeconds(value: unknown): number | undefined {
  return typeof value === 'string' && DURATION.test(value) ? Number(value.slice(0, -1)) : undefined;
}

export const ENV_ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)=/s;
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
export const RESERVED_VOLUME_PATHS = new Set(['/workspace', '/builder/home', '/var/run/docker.sock']);
export const BUILD_TAG = /^[\w][\w.-]{0,127}$/;

export class SemanticChecker {
  private readonly secrets = new Map<string, Declared>();
  private readonly references: SubstitutionChecker;

  constructor(
    private readonly problems: Problems,
    private readonly build: Obj,
  ) {
    this.references = new SubstitutionChecker(problems, build);
  }

  run(): void {
    const b = this.build;
    const options = isObj(b.options) ? b.options : {};

    this.references.collect();
    this.collectSecrets();
    this.checkTimeouts();
    this.checkSteps(options);
    this.checkOptions(options);
    this.checkServiceAccount(options);
    this.checkPool(options);
    this.checkImagesAndTags();
    this.references.scan();
    this.reportUnused();
  }

  private collectSecrets(): void {
    const declare = (name: string, at: Segments) => {
      const first = this.secrets.get(name);
      if (first !== undefined) {
        this.problems.add(at, `secret env "${name}" is declared twice (first at ${formatPath(first.at)})`);
        return;
      }
      this.secrets.set(name, { at, used: false });
    };
    const available = this.build.availableSecrets;
    if (isObj(available)) {
      if (Array.isArray(available.secretManager)) {
        available.secretManager.forEach((s, i) => {
          if (!isObj(s)) return;
          const at = ['availableSecrets', 'secretManager', i];
          if (typeof s.env === 'string') declare(s.env, [...at, 'env']);
          else if (s.env === undefined) this.problems.add(at, 'needs "env": the variable name steps list in secretEnv');
          if (typeof s.versionName === 'string') {
            if (!/^projects\/[^/]+\/secrets\/[^/]+\/versions\/[^/]+$/.test(s.versionName)) {
              this.problems.add(
                [...at, 'versionName'],
                `must be projects/PROJECT/secrets/SECRET/versions/VERSION, got ${describeValue(s.versionName)}`,
              );
            }
          } else if (s.versionName === undefined) {
            this.problems.add(at, 'needs "versionName": projects/PROJECT/secrets/SECRET/versions/VERSION');
          }
        });
      }
      if (Array.isArray(available.inline)) {
        available.inline.forEach((s, i) => {
          if (isObj(s) && isObj(s.envMap)) {
            for (const k of Object.keys(s.envMap)) declare(k, ['availableSecrets', 'inline', i, 'envMap', k]);
          }
        });
      }
    }
    if (Array.isArray(this.build.secrets)) {
      this.build.secrets.forEach((s, i) => {
        if (isObj(s) && isObj(s.secretEnv)) {
          for (const k of Object.keys(s.secretEnv)) declare(k, ['secrets', i, 'secretEnv', k]);
        }
      });
    }
  }

  private useSecret(name: string, at: Segments): void {
    const declared = this.secrets.get(name);
    if (declared === undefined) {
      this.problems.add(
        at,
        `secret env "${name}" is not declared in availableSecrets (secretManager[].env or inline[].envMap)${hint(
          closest(name, this.secrets.keys()),
        )}`,
      );
    } else declared.used = true;
  }

  private checkTimeouts(): void {
    const t = durationSeconds(this.build.timeout);
    if (t !== undefined && t > LIMITS.maxTimeoutSeconds) {
      this.problems.add(['timeout'], `at most 24 hours (86400s), got "${String(this.build.timeout)}"`);
    }
    if (t === 0) this.problems.add(['timeout'], 'must be more than 0s');
  }

  private checkSteps(options: Obj): void {
    const steps = this.build.steps;
    if (steps === undefined) {
      this.problems.add(['steps'], 'required: a build needs at least one step');
      return;
    }
    if (!Array.isArray(steps)) return; // reported by the schema walk
    if (steps.length === 0) this.problems.add(['steps'], 'must list at least one step');
    if (steps.length > LIMITS.maxSteps) {
      this.problems.add(['steps'], `${steps.length} steps, at most ${LIMITS.maxSteps} allowed`);
    }
    const buildTimeout = durationSeconds(this.build.timeout) ?? 3600;
    const idIndex = new Map<string, number>();
    steps.forEach((s, i) => {
      if (isObj(s) && typeof s.id === 'string' && !idIndex.has(s.id)) idIndex.set(s.id, i);
    });
    const volumeUse = new Map<string, { count: number; at: Segments }>();
    const globalVolumes = Array.isArray(options.volumes) ? options.volumes.filter(isObj) : [];
    const globalEnvKeys = new Set(
      strings(options.env)
        .map((e) => ENV_ENTRY.exec(e)?.[1])
        .filter((k) => k !== undefined),
    );
    const globalSecretEnv = new Set(strings(options.secretEnv));

    const ids = { seen: new Map<string, number>(), idIndex };
    steps.forEach((raw, i) => {
      const at: Segments = ['steps', i];
      if (!isObj(raw)) return;
      this.checkStepCommand(raw, at);
      this.checkStepOrder(raw, at, i, ids);
      this.checkStepEnv(raw, at, globalEnvKeys, globalSecretEnv);
      this.checkStepLimits(raw, at, buildTimeout);
      this.checkStepVolumes(raw, at, globalVolumes, volumeUse);
    });
    for (const [name, use] of volumeUse) {
      if (use.count < 2) {
        this.problems.add(
          use.at,
          `volume "${name}" is used by one step only; a volume exists to share files between steps`,
        );
      }
    }
  }

  /** The builder image, and `script` vs `args`/`entrypoint` with the argument limits. */
  private checkStepCommand(step: Obj, at: Segments): void {
    if (step.name === undefined) {
      this.problems.add([...at, 'name'], 'required: the builder image that runs the step');
    } else if (typeof step.name === 'string' && step.name.trim() === '') {
      this.problems.add([...at, 'name'], 'must name a builder image, got an empty string');
    }
    if (step.script !== undefined) {
      if (step.args !== undefined) {
        this.problems.add([...at, 'script'], 'cannot be combined with "args" in the same step (use one or the other)');
      }
      if (step.entrypoint !== undefined) {
        this.problems.add([...at, 'script'], 'cannot be combined with "entrypoint" in the same step');
      }
    }
    if (Array.isArray(step.args)) {
      if (step.args.length > LIMITS.maxArgsPerStep) {
        this.problems.add([...at, 'args'], `${step.args.length} arguments, at most ${LIMITS.maxArgsPerStep} allowed`);
      }
      step.args.forEach((a, j) => {
        if (typeof a === 'string' && a.length > LIMITS.maxArgLength) {
          this.problems.add([...at, 'args', j], `${a.length} characters, at most 10,000 allowed`);
        }
      });
    }
  }

  /** Ids and `waitFor`: only ids of earlier steps can be waited for. */
  private checkStepOrder(
    step: Obj,
    at: Segments,
    i: number,
    ids: { seen: Map<string, number>; idIndex: ReadonlyMap<string, number> },
  ): void {
    const { seen, idIndex } = ids;
    // Ids and waitFor: only ids of earlier steps can be waited for.
    if (typeof step.id === 'string') {
      if (step.id === '-') {
        this.problems.add([...at, 'id'], '"-" is reserved (waitFor: ["-"] means "start at once")');
      } else if (seen.has(step.id)) {
        this.problems.add([...at, 'id'], `duplicate step id "${step.id}" (first used by steps[${seen.get(step.id)}])`);
      }
    }
    if (Array.isArray(step.waitFor)) {
      const listed = new Set<string>();
      step.waitFor.forEach((w, j) => {
        if (typeof w !== 'string') return;
        const wAt = [...at, 'waitFor', j];
        if (listed.has(w)) {
          this.problems.add(wAt, `"${w}" is listed twice`);
          return;
        }
        listed.add(w);
        if (w === '-') return;
        if (w === step.id) this.problems.add(wAt, `a step cannot wait for itself ("${w}")`);
        else if (seen.has(w)) return;
        else if (idIndex.has(w)) {
          this.problems.add(
            wAt,
            `step id "${w}" is defined later (steps[${idIndex.get(w)}]); a step can only wait for earlier steps`,
          );
        } else {
          this.problems.add(wAt, `unknown step id "${w}"${hint(closest(w, seen.keys()))}`);
        }
      });
      if (listed.has('-') && listed.size > 1) {
        this.problems.warn([...at, 'waitFor'], '"-" (start at once) is combined with step ids; the ids win');
      }
    }
    if (typeof step.id === 'string' && step.id !== '-' && !seen.has(step.id)) seen.set(step.id, i);
  }

  /** Environment entries and secrets. */
  private checkStepEnv(
    step: Obj,
    at: Segments,
    globalEnvKeys: ReadonlySet<string>,
    globalSecretEnv: ReadonlySet<string>,
  ): void {
    // Environment and secrets.
    const envKeys = new Set<string>();
    strings(step.env).forEach((e) => {
      const m = ENV_ENTRY.exec(e);
      if (m) envKeys.add(m[1]);
    });
    if (Array.isArray(step.env)) {
      step.env.forEach((e, j) => {
        if (typeof e === 'string' && !ENV_ENTRY.test(e)) {
          this.problems.add([...at, 'env', j], `must be KEY=VALUE with KEY a variable name, got ${describeValue(e)}`);
        }
      });
    }
    if (Array.isArray(step.secretEnv)) {
      const mine = new Set<string>();
      step.secretEnv.forEach((name, j) => {
        if (typeof name !== 'string') return;
        const sAt = [...at, 'secretEnv', j];
        if (mine.has(name)) this.problems.add(sAt, `"${name}" is listed twice`);
        mine.add(name);
        if (globalSecretEnv.has(name)) this.problems.add(sAt, `"${name}" is already in options.secretEnv`);
        if (envKeys.has(name) || globalEnvKeys.has(name)) {
          this.problems.add(sAt, `"${name}" is both a secret and a plain env variable of this step`);
        }
        this.useSecret(name, sAt);
      });
    }
  }

  /** The step timeout against the build's, and exit codes. */
  private checkStepLimits(step: Obj, at: Segments, buildTimeout: number): void {
    // Timeouts and exit codes.
    const st = durationSeconds(step.timeout);
    if (st !== undefined && st > buildTimeout) {
      this.problems.add(
        [...at, 'timeout'],
        `exceeds the build timeout (${buildTimeout}s), got "${String(step.timeout)}"`,
      );
    }
    if (Array.isArray(step.allowExitCodes)) {
      step.allowExitCodes.forEach((c, j) => {
        if (typeof c === 'number' && (c < 0 || c > LIMITS.maxExitCode)) {
          this.problems.add([...at, 'allowExitCodes', j], `exit codes are 0–255, got ${c}`);
        }
      });
    }
  }

  /** Step volumes: well-formed, not clashing with options.volumes, counted for the shared-use check. */
  private checkStepVolumes(
    step: Obj,
    at: Segments,
    globalVolumes: readonly Obj[],
    volumeUse: Map<string, { count: number; at: Segments }>,
  ): void {
    if (Array.isArray(step.volumes)) {
      this.checkVolumeList(step.volumes, [...at, 'volumes']);
      step.volumes.forEach((v, j) => {
        if (!isObj(v) || typeof v.name !== 'string') return;
        if (globalVolumes.some((g) => g.name === v.name || g.path === v.path)) {
          this.problems.add([...at, 'volumes', j], `conflicts with a volume of options.volumes ("${v.name}")`);
        }
        const use = volumeUse.get(v.name) ?? { count: 0, at: [...at, 'volumes', j] };
        use.count += 1;
        volumeUse.set(v.name, use);
      });
    }
  }

  private checkVolumeList(volumes: unknown[], at: Segments): void {
    const names = new Set<string>();
    const paths = new Set<string>();
    volumes.forEach((v, j) => {
      if (!isObj(v)) return;
      const vAt = [...at, j];
      if (typeof v.name === 'string') {
        if (!VOLUME_NAME.test(v.name))
          this.problems.add([...vAt, 'name'], `not a valid Docker volume name: ${describeValue(v.name)}`);
        if (names.has(v.name)) this.problems.add([...vAt, 'name'], `volume "${v.name}" is listed twice`);
        names.add(v.name);
      }
      if (typeof v.path === 'string') {
        const p = v.path.replace(/\/+$/, '') || '/';
        if (!p.startsWith('/'))
          this.problems.add([...vAt, 'path'], `must be an absolute path, got ${describeValue(v.path)}`);
        else if (RESERVED_VOLUME_PATHS.has(p) || p.startsWith('/cloudbuild/')) {
          this.problems.add([...vAt, 'path'], `"${v.path}" is reserved by Cloud Build`);
        }
        if (paths.has(p)) this.problems.add([...vAt, 'path'], `path "${v.path}" is mounted twice`);
        paths.add(p);
      }
    });
  }

  private checkOptions(options: Obj): void {
    if (Array.isArray(options.env)) {
      options.env.forEach((e, j) => {
        if (typeof e === 'string' && !ENV_ENTRY.test(e)) {
          this.problems.add(
            ['options', 'env', j],
            `must be KEY=VALUE with KEY a variable name, got ${describeValue(e)}`,
          );
        }
      });
    }
    if (Array.isArray(options.secretEnv)) {
      options.secretEnv.forEach((name, j) => {
        if (typeof name === 'string') this.useSecret(name, ['options', 'secretEnv', j]);
      });
    }
    if (Array.isArray(options.volumes)) {
      this.checkVolumeList(options.volumes, ['options', 'volumes']);
      if (Array.isArray(this.build.steps) && this.build.steps.length < 2) {
        this.problems.add(['options', 'volumes'], 'global volumes need at least two steps');
      }
    }
  }

  /**
   * A private pool is named by its full resource path
   * (cloud.google.com/build/docs/private-pools/run-builds-in-private-pool).
   */
  private checkPool(options: Obj): void {
    if (!isObj(options.pool) || options.pool.name === undefined) return;
    const name = options.pool.name;
    if (typeof name !== 'string' || !/^projects\/[^/]+\/locations\/[a-z]+-[a-z]+\d+\/workerPools\/[^/]+$/.test(name)) {
      this.problems.add(
        ['options', 'pool', 'name'],
        `must be projects/PROJECT_ID/locations/REGION/workerPools/POOL, got ${describeValue(name)}`,
      );
    }
  }

  private checkServiceAccount(options: Obj): void {
    const sa = this.build.serviceAccount;
    if (typeof sa !== 'string') return;
    if (!/^projects\/[^/]+\/serviceAccounts\/[^/]+$/.test(sa)) {
      this.problems.add(
        ['serviceAccount'],
        `must be projects/PROJECT_ID/serviceAccounts/EMAIL, got ${describeValue(sa)}`,
      );
    }
    const logging = options.logging;
    const logsOk =
      typeof this.build.logsBucket === 'string' ||
      logging === 'CLOUD_LOGGING_ONLY' ||
      logging === 'STACKDRIVER_ONLY' ||
      logging === 'NONE' ||
      options.defaultLogsBucketBehavior === 'REGIONAL_USER_OWNED_BUCKET';
    if (!logsOk) {
      this.problems.add(
        ['serviceAccount'],
        'a user-specified service account needs options.logging: CLOUD_LOGGING_ONLY (or NONE), a logsBucket, ' +
          'or options.defaultLogsBucketBehavior: REGIONAL_USER_OWNED_BUCKET',
      );
    }
  }

  private checkImagesAndTags(): void {
    const check = (list: unknown, at: Segments) => {
      strings(list).forEach((image, i) => {
        if (/^([a-z0-9-]+\.)?gcr\.io\//.test(image)) {
          this.problems.add(
            [...at, i],
            'Container Registry (gcr.io) no longer accepts pushes (shut down for writes 2025-03-18); ' +
              'push to Artifact Registry: REGION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE',
          );
        }
        const tagRefs = scanTemplate(image).references.filter((r) => TRIGGER_ONLY_COMMIT_SUBSTITUTIONS.has(r.name));
        const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : '';
        if (tagRefs.length > 0 && tag.replace(/\$\{?[A-Z_]+\}?/g, '') === '') {
          this.problems.warn(
            [...at, i],
            `the tag is only ${tagRefs[0].text}, which is empty in a manual build (gcloud builds submit)`,
          );
        }
      });
    };
    check(this.build.images, ['images']);
    if (isObj(this.build.artifacts)) check(this.build.artifacts.images, ['artifacts', 'images']);
    strings(this.build.tags).forEach((t, i) => {
      if (!t.includes('$') && !BUILD_TAG.test(t)) {
        this.problems.add(
          ['tags', i],
          `build tags use letters, digits, "_", "." and "-" (max 128), got ${describeValue(t)}`,
        );
      }
    });
  }

  private reportUnused(): void {
    this.references.reportUnused();
    for (const [name, d] of this.secrets) {
      if (!d.used) this.problems.add(d.at, `secret env "${name}" is declared but no step lists it in secretEnv`);
    }
  }
}

import type { protos } from '@google-cloud/cloudbuild';
import type { AppConfig } from '../src/config';
import { pipelineSubstitutions, type PipelineSlices } from './toxicity-pipeline';

export type BuildTrigger = protos.google.devtools.cloudbuild.v1.IBuildTrigger;
export type GetBuildTriggerRequest = protos.google.devtools.cloudbuild.v1.IGetBuildTriggerRequest;
export type CreateBuildTriggerRequest = protos.google.devtools.cloudbuild.v1.ICreateBuildTriggerRequest;
export type UpdateBuildTriggerRequest = protos.google.devtools.cloudbuild.v1.IUpdateBuildTriggerRequest;

/** The part of `CloudBuildClient` the trigger needs (the real client satisfies it). */
export interface CloudBuildTriggerApi {
  getBuildTrigger(request: GetBuildTriggerRequest): Promise<[BuildTrigger, ...unknown[]]>;
  createBuildTrigger(request: CreateBuildTriggerRequest): Promise<[BuildTrigger, ...unknown[]]>;
  updateBuildTrigger(request: UpdateBuildTriggerRequest): Promise<[BuildTrigger, ...unknown[]]>;
}

/** Config slices the trigger is planned from. */
export type TriggerSlices = PipelineSlices & Pick<AppConfig, 'gcp' | 'pipeline'>;

/** Everything needed to create or update the trigger; printed as is by `--dry-run`. */
export interface TriggerPlan {
  /** `github` (1st-gen GitHub app, global trigger) or `repository` (2nd-gen connection, regional). */
  readonly generation: 'github' | 'repository';
  readonly getRequest: GetBuildTriggerRequest;
  readonly createRequest: CreateBuildTriggerRequest;
  /** The update sends the same trigger with the id (and resource name) of the existing one. */
  readonly updateRequest: (existing: BuildTrigger) => UpdateBuildTriggerRequest;
}

/** Raised when the config cannot describe a trigger; the message says which setting to fill in. */
export class TriggerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriggerConfigError';
  }
}

/** Name of the build config file in the repository (Cloud Build's default). */
export const BUILD_CONFIG_FILENAME = 'cloudbuild.yaml';

/** gRPC status NOT_FOUND (google.rpc.Code 5): what GetBuildTrigger answers for a missing trigger. */
const NOT_FOUND = 5;

/**
 * Plans the trigger: push on `pipeline.branch` runs `cloudbuild.yaml` with the pipeline's
 * substitutions (from the same config as the file, so the two agree) and the builder service
 * account. `pipeline.repository` selects a 2nd-gen repository (regional trigger in the
 * repository's location); otherwise `pipeline.githubOwner`/`githubRepo` select the 1st-gen GitHub
 * app (global trigger). Pure.
 */
export function planTrigger(c: TriggerSlices): TriggerPlan {
  const projectId = c.gcp.projectId;
  const p = c.pipeline;
  const common: BuildTrigger = {
    name: p.triggerName,
    description: `Tests, trains and deploys the toxicity API on every push matching ${p.branch}`,
    filename: BUILD_CONFIG_FILENAME,
    substitutions: pipelineSubstitutions(c),
    tags: ['toxicity-pipeline'],
    ...(p.serviceAccount === null
      ? {}
      : { serviceAccount: `projects/${projectId}/serviceAccounts/${p.serviceAccount}` }),
  };

  if (p.repository !== null) {
    const location = /^projects\/[^/]+\/locations\/([^/]+)\//.exec(p.repository)?.[1];
    if (location === undefined) {
      throw new TriggerConfigError(
        `'pipeline.repository' must be projects/P/locations/L/connections/C/repositories/R, got "${p.repository}"`,
      );
    }
    const parent = `projects/${projectId}/locations/${location}`;
    const trigger: BuildTrigger = {
      ...common,
      repositoryEventConfig: { repository: p.repository, push: { branch: p.branch } },
    };
    return {
      generation: 'repository',
      getRequest: { name: `${parent}/triggers/${p.triggerName}`, projectId, triggerId: p.triggerName },
      createRequest: { parent, projectId, trigger },
      updateRequest: (existing) => ({
        projectId,
        triggerId: existing.id ?? p.triggerName,
        trigger: {
          ...trigger,
          id: existing.id,
          resourceName: existing.resourceName || `${parent}/triggers/${existing.id ?? p.triggerName}`,
        },
      }),
    };
  }

  if (p.githubOwner === null || p.githubRepo === null) {
    throw new TriggerConfigError(
      "set 'pipeline.githubOwner' and 'pipeline.githubRepo' (GitHub app, 1st gen) or 'pipeline.repository' " +
        '(2nd-gen connection) in toxicity.config.yaml before creating the trigger',
    );
  }
  const trigger: BuildTrigger = {
    ...common,
    github: { owner: p.githubOwner, name: p.githubRepo, push: { branch: p.branch } },
  };
  return {
    generation: 'github',
    getRequest: { projectId, triggerId: p.triggerName },
    createRequest: { projectId, trigger },
    updateRequest: (existing) => ({
      projectId,
      triggerId: existing.id ?? p.triggerName,
      trigger: { ...trigger, id: existing.id },
    }),
  };
}

/** What `applyTrigger` did. */
export interface TriggerResult {
  readonly action: 'created' | 'updated';
  readonly trigger: BuildTrigger;
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === NOT_FOUND;
}

/**
 * Creates or updates the trigger: GetBuildTrigger by name, then UpdateBuildTrigger with the
 * existing id, or CreateBuildTrigger when the lookup answers NOT_FOUND. Other errors (permission,
 * API disabled) propagate unchanged.
 */
export async function applyTrigger(client: CloudBuildTriggerApi, plan: TriggerPlan): Promise<TriggerResult> {
  let existing: BuildTrigger | undefined;
  try {
    [existing] = await client.getBuildTrigger(plan.getRequest);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (existing === undefined) {
    const [trigger] = await client.createBuildTrigger(plan.createRequest);
    return { action: 'created', trigger };
  }
  const [trigger] = await client.updateBuildTrigger(plan.updateRequest(existing));
  return { action: 'updated', trigger };
}

/** The requests of a plan as plain JSON, for `--dry-run`. */
export function describePlan(plan: TriggerPlan): Record<string, unknown> {
  const placeholder = '<id of the existing trigger>';
  return {
    generation: plan.generation,
    getBuildTrigger: plan.getRequest,
    createBuildTrigger: plan.createRequest,
    updateBuildTrigger: plan.updateRequest({ id: placeholder, resourceName: '' }),
  };
}

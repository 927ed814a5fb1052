import type { MlflowClient, ModelVersion } from './mlflow-client';

/** The alias the served model follows (`models:/<name>@champion`). */
export const CHAMPION = 'champion';
/** The alias a registered version gets when it does not beat the champion. */
export const CHALLENGER = 'challenger';

/** Version tags this module writes; every alias move leaves a trace on the versions it touches. */
export const REGISTRY_TAGS = {
  /** Prefix of the evaluation metrics stored on a version, e.g. `metric.toxic.rocAuc`. */
  metricPrefix: 'metric.',
  /** On a version made champion: the champion it replaced (what `rollback` returns to). */
  previousChampion: 'previous_champion',
  promotedAt: 'promoted_at',
  promotedBy: 'promoted_by',
  promotedReason: 'promoted_reason',
  rolledBackAt: 'rolled_back_at',
  rolledBackBy: 'rolled_back_by',
  rolledBackReason: 'rolled_back_reason',
  gate: 'quality_gate',
  /** On a registered version the gate kept out: why (champion vs challenger on the frozen evaluation set). */
  notPromotedReason: 'not_promoted_reason',
} as const;

/** A promotion decided outside the registry (champion vs challenger on the frozen evaluation set). */
export interface ChallengerDecision {
  readonly promote: boolean;
  readonly reason: string;
  /** The champion version the challenger was compared with (null: none); the promotion is refused if it moved since. */
  readonly comparedWith: string | null;
}

/** How a new version must compare with the champion to replace it. */
export interface QualityGate {
  /** Metric key as stored on versions, e.g. `toxic.rocAuc` (higher is better). */
  readonly metric: string;
  /** How much higher than the champion's value the new one must be (0 = at least as good). */
  readonly minImprovement: number;
}

export interface RegistrationResult {
  readonly version: string;
  readonly promoted: boolean;
  /** Why it was promoted or not, for the user. */
  readonly reason: string;
  /** The champion before this registration (null when there was none). */
  readonly previousChampion: { readonly version: string; readonly value: number | null } | null;
  readonly value: number;
}

/** A registry operation that cannot be done as asked; the message says why. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export interface ModelRegistryOptions {
  /** Who moves aliases (recorded in tags), e.g. `$USER` or the Cloud Build id. */
  readonly actor: string;
  /** Clock for the recorded times. */
  readonly now: () => Date;
  /**
   * Where promotions and rollbacks publish the champion for the servers (the pointer and its
   * immutable versions); without it only the registry alias moves.
   * @default none
   */
  readonly champion?: ChampionPublication;
}

/**
 * The champion pointer a registry keeps in step with its alias: the serving side of a promotion,
 * implemented over the object stores by the commands (this folder does not reach storage).
 */
export interface ChampionPublication {
  /** Pointer URI, `<championStore>/<name>/champion`. */
  readonly pointerUri: string;
  /** Publishes `version` (whose registry source is `source`) and moves the pointer to it. */
  publish(version: string, source: string, reason: string): Promise<void>;
  /** The version the pointer names now, or null when nothing was published. */
  currentVersion(): Promise<string | null>;
}

/**
 * Registration, quality gate, promotion and rollback of one registered model in the MLflow
 * registry, with aliases (stages are deprecated since MLflow 2.9).
 */
export class ModelRegistry {
  constructor(
    private readonly client: MlflowClient,
    readonly name: string,
    private readonly options: ModelRegistryOptions,
  ) {}

  /**
   * Creates a version whose source is the model's URI, with its metrics as tags (so later gates
   * compare against them without reading runs), then promotes it when it passes the gate; otherwise
   * it becomes the challenger.
   */
  async registerAndGate(
    source: string,
    runId: string | undefined,
    metrics: Readonly<Record<string, number>>,
    gate: QualityGate,
  ): Promise<RegistrationResult> {
    const value = metrics[gate.metric];
    if (value === undefined || !Number.isFinite(value)) {
      throw new RegistryError(
        `quality gate metric "${gate.metric}" is not among the model's metrics (${Object.keys(metrics).slice(0, 12).join(', ')}, …)`,
      );
    }
    await this.client.ensureRegisteredModel(this.name, 'Toxic-comment classifier (TF-IDF + linear SVM)');
    const tags: Record<string, string> = {};
    for (const [key, v] of Object.entries(metrics)) tags[`${REGISTRY_TAGS.metricPrefix}${key}`] = String(v);
    const version = await this.client.createModelVersion(this.name, source, runId, tags);
    const champion = await this.client.getModelVersionByAlias(this.name, CHAMPION);
    if (champion === null) {
      await this.promote(version.version, `first version of ${this.name}`);
      return {
        version: version.version,
        promoted: true,
        reason: `version ${version.version} is the first champion of ${this.name}`,
        previousChampion: null,
        value,
      };
    }
    const championValue = metricTag(champion, gate.metric);
    const needed = championValue === null ? null : championValue + gate.minImprovement;
    const gateText = `${gate.metric} ${fmt(value)} vs champion v${champion.version} ${championValue === null ? 'without this metric' : fmt(championValue)}${gate.minImprovement ? ` + ${gate.minImprovement}` : ''}`;
    await this.client.setModelVersionTag(this.name, version.version, REGISTRY_TAGS.gate, gateText);
    if (needed === null || value >= needed) {
      await this.promote(version.version, `passed the quality gate: ${gateText}`);
      return {
        version: version.version,
        promoted: true,
        reason: `version ${version.version} replaces v${champion.version} as ${CHAMPION}: ${gateText}`,
        previousChampion: { version: champion.version, value: championValue },
        value,
      };
    }
    await this.client.setAlias(this.name, CHALLENGER, version.version);
    return {
      version: version.version,
      promoted: false,
      reason: `version ${version.version} stays ${CHALLENGER}: ${gateText} (needs ≥ ${fmt(needed)})`,
      previousChampion: { version: champion.version, value: championValue },
      value,
    };
  }

  /**
   * Registers a version whose fate the caller decided by comparing it with the champion, with the
   * decision as tags (and any other tags, e.g. the evaluation set's hash). Promoted: it becomes the
   * champion (pointer, then alias). Not promoted: it becomes the challenger, with the reason in
   * `not_promoted_reason`. A champion that changed since the comparison is not replaced.
   */
  async registerDecided(
    source: string,
    runId: string | undefined,
    tags: Readonly<Record<string, string>>,
    decision: ChallengerDecision,
  ): Promise<{ version: string; promoted: boolean; reason: string }> {
    await this.client.ensureRegisteredModel(this.name, 'Toxic-comment classifier (TF-IDF + linear SVM)');
    const version = (await this.client.createModelVersion(this.name, source, runId, { ...tags })).version;
    await this.client.setModelVersionTag(this.name, version, REGISTRY_TAGS.gate, decision.reason);
    let { promote, reason } = decision;
    const current = await this.client.getModelVersionByAlias(this.name, CHAMPION);
    if (promote && (current?.version ?? null) !== decision.comparedWith) {
      promote = false;
      reason = `not promoted: the champion moved to v${current?.version ?? '(none)'} after the comparison with ${decision.comparedWith === null ? 'no champion' : `v${decision.comparedWith}`}; compare again`;
    }
    if (promote) {
      await this.promote(version, reason);
      return { version, promoted: true, reason };
    }
    await this.client.setModelVersionTag(this.name, version, REGISTRY_TAGS.notPromotedReason, reason);
    await this.client.setAlias(this.name, CHALLENGER, version);
    return { version, promoted: false, reason };
  }

  /** Makes `version` the champion, remembering the one it replaces. */
  async promote(version: string, reason: string): Promise<{ previous: string | null }> {
    const target = await this.getVersion(version);
    const current = await this.client.getModelVersionByAlias(this.name, CHAMPION);
    if (current?.version === target.version) {
      // A promotion interrupted between the pointer and the alias is finished by running it again.
      if (await this.pointerLagsBehind(target.version)) {
        await this.publish(target, `re-published: ${reason}`);
        return { previous: null };
      }
      throw new RegistryError(`version ${version} of ${this.name} is already ${CHAMPION}`);
    }
    // The pointer first: it is what serves. If the alias move fails after it, running the same
    // promotion again completes it (the version object is reused, the pointer rewritten).
    await this.publish(target, reason);
    const t = REGISTRY_TAGS;
    if (current) await this.client.setModelVersionTag(this.name, version, t.previousChampion, current.version);
    await this.client.setModelVersionTag(this.name, version, t.promotedAt, this.options.now().toISOString());
    await this.client.setModelVersionTag(this.name, version, t.promotedBy, this.options.actor);
    await this.client.setModelVersionTag(this.name, version, t.promotedReason, reason);
    await this.client.setAlias(this.name, CHAMPION, version);
    const challenger = await this.client.getModelVersionByAlias(this.name, CHALLENGER);
    if (challenger?.version === version) await this.client.deleteAlias(this.name, CHALLENGER);
    return { previous: current?.version ?? null };
  }

  /** Moves the champion back to the version it replaced. */
  async rollback(reason: string): Promise<{ from: string; to: string }> {
    const current = await this.client.getModelVersionByAlias(this.name, CHAMPION);
    if (current === null) throw new RegistryError(`${this.name} has no ${CHAMPION}: nothing to roll back`);
    const previous = tagValue(current, REGISTRY_TAGS.previousChampion);
    if (previous === null) {
      throw new RegistryError(
        `${this.name} v${current.version} replaced no earlier champion: nothing to roll back to (use promote --version N)`,
      );
    }
    const target = await this.getVersion(previous);
    await this.publish(target, `rollback from v${current.version}: ${reason}`);
    const t = REGISTRY_TAGS;
    await this.client.setModelVersionTag(this.name, current.version, t.rolledBackAt, this.options.now().toISOString());
    await this.client.setModelVersionTag(this.name, current.version, t.rolledBackBy, this.options.actor);
    await this.client.setModelVersionTag(this.name, current.version, t.rolledBackReason, reason);
    await this.client.setAlias(this.name, CHAMPION, target.version);
    return { from: current.version, to: target.version };
  }

  /** The versions, newest first, with their aliases and gate/promotion tags. */
  async history(): Promise<ModelVersion[]> {
    return this.client.listModelVersions(this.name);
  }

  /** The pointer this registry publishes to, or null without publication. */
  get pointerUri(): string | null {
    return this.options.champion?.pointerUri ?? null;
  }

  /**
   * Copies the version's model (its registry source) to the immutable versions folder and moves the
   * pointer to it. No-op without a publication.
   */
  /** Publishes the version for the servers (version object, then pointer); no-op without a publication. */
  private async publish(target: ModelVersion, reason: string): Promise<void> {
    await this.options.champion?.publish(target.version, target.source, reason);
  }

  private async pointerLagsBehind(version: string): Promise<boolean> {
    const publication = this.options.champion;
    if (!publication) return false;
    return (await publication.currentVersion()) !== version;
  }

  private async getVersion(version: string): Promise<ModelVersion> {
    if (!/^[1-9]\d*$/.test(version))
      throw new RegistryError(`version must be a positive integer, got ${JSON.stringify(version)}`);
    try {
      return await this.client.getModelVersion(this.name, version);
    } catch (err) {
      const code = (err as { errorCode?: string }).errorCode;
      if (code === 'RESOURCE_DOES_NOT_EXIST' || code === 'INVALID_PARAMETER_VALUE') {
        throw new RegistryError(`${this.name} has no version ${version}`);
      }
      throw err;
    }
  }
}

function tagValue(version: ModelVersion, key: string): string | null {
  return version.tags?.find((t) => t.key === key)?.value ?? null;
}

function metricTag(version: ModelVersion, metric: string): number | null {
  const raw = tagValue(version, `${REGISTRY_TAGS.metricPrefix}${metric}`);
  const value = raw === null ? NaN : Number(raw);
  return Number.isFinite(value) ? value : null;
}

function fmt(v: number): string {
  return Number(v.toFixed(4)).toString();
}

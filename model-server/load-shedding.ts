/**
 * Load shedding in front of the API, in the manner of Envoy's overload manager and nginx's
 * `limit_req`: a global cap on requests in flight (beyond it: 503 with `Retry-After`) and a token
 * bucket per token subject (beyond it: 429 with `Retry-After` and `RateLimit` fields). Both cost a
 * counter or a map lookup per request.
 */

/** A cap on concurrent requests: `tryAcquire` before the work, `release` once the response is over. */
export class InFlightLimit {
  private active = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`the in-flight cap must be an integer >= 1, got ${max}`);
  }

  get inFlight(): number {
    return this.active;
  }

  tryAcquire(): boolean {
    if (this.active >= this.max) return false;
    this.active++;
    return true;
  }

  release(): void {
    if (this.active > 0) this.active--;
  }
}

/** The outcome of one `SubjectRateLimit.take`. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Whole requests left in the bucket after this one. */
  readonly remaining: number;
  /** Seconds until one more request is allowed (0 when allowed), rounded up. */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * One token bucket per subject (the verified `sub` of the caller): `burst` requests at once, refilled
 * at `perSecond`. Subjects come from verified tokens, so their number is bounded by who holds a key;
 * the map is still capped (`maxSubjects`, oldest entry dropped first) so memory cannot grow without end.
 */
export class SubjectRateLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly maxSubjects = 100_000,
  ) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw new Error(`the rate must be a positive number of requests per second, got ${perSecond}`);
    }
    if (!Number.isInteger(burst) || burst < 1) throw new Error(`the burst must be an integer >= 1, got ${burst}`);
  }

  /** The `RateLimit-Policy` field value (draft-ietf-httpapi-ratelimit-headers): quota and window in seconds. */
  get policy(): string {
    return `"burst";q=${this.burst};w=${Math.max(1, Math.ceil(this.burst / this.perSecond))}`;
  }

  take(subject: string, nowMs: number): RateDecision {
    let bucket = this.buckets.get(subject);
    if (bucket === undefined) {
      if (this.buckets.size >= this.maxSubjects) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = { tokens: this.burst, updatedMs: nowMs };
      this.buckets.set(subject, bucket);
    } else if (nowMs > bucket.updatedMs) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((nowMs - bucket.updatedMs) / 1000) * this.perSecond);
      bucket.updatedMs = nowMs;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    return {
      allowed: false,
      remaining: 0,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond)),
    };
  }

  /** The `RateLimit` field value for a refused request. */
  static field(decision: RateDecision): string {
    return `"burst";r=${decision.remaining};t=${decision.retryAfterSeconds}`;
  }
}

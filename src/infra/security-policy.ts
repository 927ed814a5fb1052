import { Construct } from 'constructs';
import { ComputeSecurityPolicy, type ComputeSecurityPolicySpecRule } from './imports/compute.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';

export interface ApiSecurityPolicyProps {
  readonly projectId: string;
  /** Cloud Armor policy name (the GCPBackendPolicy of the Gateway mode names it). */
  readonly name: string;
  /** Requests per minute one client address may make before getting 429. */
  readonly rateLimitPerMinute: number;
  /** Requests per minute past which a client address is banned for `banSeconds`. */
  readonly banThresholdPerMinute: number;
  readonly banSeconds: number;
  /** Largest request body the API accepts, in bytes; a larger declared `Content-Length` is refused at the edge. */
  readonly maxBodyBytes: number;
  /** Log matches without enforcing them. @default false */
  readonly preview?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Preconfigured WAF rule sets that fit a JSON API of free text. Only protocol-level sets: the API's
 * whole purpose is to read hostile text, so the body-content sets (sqli, xss, rce, lfi) would refuse
 * legitimate comments that quote code or markup. Sensitivity 1 holds the rules with the fewest false
 * positives (cloud.google.com/armor/docs/waf-rules, "sensitivity levels").
 */
export const WAF_RULE_SETS = [
  // HTTP request smuggling, response splitting, header injection (OWASP CRS 921xxx).
  'protocolattack-v33-stable',
  // Only the methods the API uses reach it (CRS 911100).
  'methodenforcement-v33-stable',
  // Known security scanners by user agent and headers (CRS 913xxx).
  'scannerdetection-v33-stable',
] as const;

/** The highest priority value, evaluated last: Cloud Armor's mandatory default rule. */
const DEFAULT_RULE_PRIORITY = 2147483647;

/**
 * Cloud Armor security policy in front of the API's backend (Gateway mode), in order of evaluation
 * (cloud.google.com/armor/docs/security-policy-overview):
 * 1. a per-client rate-based ban (`enforceOnKey: IP`): over `rateLimitPerMinute` a client gets 429,
 *    over `banThresholdPerMinute` it is refused for `banSeconds` (cloud.google.com/armor/docs/rate-limiting-overview);
 * 2. a body-size rule: a declared `Content-Length` above the server's limit is refused before it is
 *    sent on (Cloud Armor's deny actions are 403, 404, 502 and 429, so it is 403);
 * 3. the preconfigured WAF sets of `WAF_RULE_SETS`;
 * 4. allow the rest.
 * Layer-7 DDoS adaptive protection is on; JSON bodies are parsed for the WAF rules.
 */
export class ApiSecurityPolicy extends Construct {
  readonly policyName: string;
  readonly rules: readonly ComputeSecurityPolicySpecRule[];

  constructor(scope: Construct, id: string, props: ApiSecurityPolicyProps) {
    super(scope, id);
    const positive = (what: string, v: number) => {
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`ApiSecurityPolicy: '${what}' must be a positive integer, got ${v}`);
    };
    positive('rateLimitPerMinute', props.rateLimitPerMinute);
    positive('banThresholdPerMinute', props.banThresholdPerMinute);
    positive('banSeconds', props.banSeconds);
    positive('maxBodyBytes', props.maxBodyBytes);
    if (props.banThresholdPerMinute < props.rateLimitPerMinute) {
      throw new Error(
        `ApiSecurityPolicy: 'banThresholdPerMinute' must be >= rateLimitPerMinute (${props.rateLimitPerMinute}), got ${props.banThresholdPerMinute}`,
      );
    }
    this.policyName = props.name;
    const preview = props.preview ?? false;
    const everyone = { versionedExpr: 'SRC_IPS_V1', config: { srcIpRanges: ['*'] } };
    const rules: ComputeSecurityPolicySpecRule[] = [
      {
        priority: 1000,
        description: 'per-client rate limit, then a temporary ban',
        action: 'rate_based_ban',
        match: everyone,
        rateLimitOptions: {
          conformAction: 'allow',
          exceedAction: 'deny(429)',
          enforceOnKey: 'IP',
          rateLimitThreshold: { count: props.rateLimitPerMinute, intervalSec: 60 },
          banThreshold: { count: props.banThresholdPerMinute, intervalSec: 60 },
          banDurationSec: props.banSeconds,
        },
        preview,
      },
      {
        priority: 2000,
        description: `declared body larger than ${props.maxBodyBytes} bytes`,
        action: 'deny(403)',
        match: {
          expr: {
            expression: `request.headers['content-length'].matches('${greaterThanPattern(props.maxBodyBytes)}')`,
          },
        },
        preview,
      },
      ...WAF_RULE_SETS.map((set, i) => ({
        priority: 3000 + i * 10,
        description: `preconfigured WAF: ${set}`,
        action: 'deny(403)',
        match: { expr: { expression: `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})` } },
        preview,
      })),
      { priority: DEFAULT_RULE_PRIORITY, description: 'default: allow', action: 'allow', match: everyone },
    ];
    this.rules = rules;
    new ComputeSecurityPolicy(this, 'Resource', {
      metadata: gcpMetadata({ name: props.name, projectId: props.projectId, labels: props.labels }),
      spec: {
        type: 'CLOUD_ARMOR',
        description: 'toxicity API edge: rate-based ban, body size, protocol WAF',
        advancedOptionsConfig: { jsonParsing: 'STANDARD', logLevel: 'NORMAL' },
        adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true, ruleVisibility: 'STANDARD' } },
        rule: rules,
      },
    });
  }
}

/**
 * An RE2 pattern matching exactly the decimal integers greater than `n` (leading zeros allowed): Cloud
 * Armor's rules language compares strings, so "Content-Length above n" is written as digits. Either
 * more significant digits than `n`, or as many, equal up to a position where the digit is larger.
 */
export function greaterThanPattern(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new Error(`greaterThanPattern: 'n' must be a non-negative integer, got ${n}`);
  const digits = String(n);
  const length = digits.length;
  const alternatives = [`[1-9][0-9]{${length},}`];
  for (let i = 0; i < length; i++) {
    const d = Number(digits[i]);
    if (d === 9) continue;
    const rest = length - i - 1;
    const next = d + 1 === 9 ? '9' : `[${d + 1}-9]`;
    alternatives.push(`${digits.slice(0, i)}${next}${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  return `^0*(${alternatives.join('|')})$`;
}

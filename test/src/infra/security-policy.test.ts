import fc from 'fast-check';
import { ApiSecurityPolicy, WAF_RULE_SETS, greaterThanPattern } from '../../../src/infra';
import { only, synthConstructs } from '../../support/k8s-manifests';

const props = {
  projectId: 'acme-prod',
  name: 'toxicity-armor',
  rateLimitPerMinute: 1200,
  banThresholdPerMinute: 3000,
  banSeconds: 300,
  maxBodyBytes: 1048576,
};

interface Rule {
  priority: number;
  action: string;
  preview?: boolean;
  match: { expr?: { expression: string }; config?: { srcIpRanges: string[] } };
  rateLimitOptions?: Record<string, unknown>;
}

function rulesOf(p = props): Rule[] {
  const policy = only(
    synthConstructs((s) => new ApiSecurityPolicy(s, 'Armor', p)),
    'ComputeSecurityPolicy',
  );
  return policy.spec.rule as Rule[];
}

describe('greaterThanPattern', () => {
  it('matches exactly the decimal integers above n, leading zeros included', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), fc.nat({ max: 100_000_000 }), fc.nat({ max: 2 }), (n, x, zeros) => {
        const re = new RegExp(greaterThanPattern(n));
        expect(re.test('0'.repeat(zeros) + String(x))).toBe(x > n);
      }),
      { numRuns: 2000 },
    );
    const re = new RegExp(greaterThanPattern(1048576));
    expect(['1048577', '1048580', '1049000', '9999999', '10000000'].every((s) => re.test(s))).toBe(true);
    expect(['1048576', '1048575', '999999', '0', '', 'abc', '1048577x'].some((s) => re.test(s))).toBe(false);
  });

  it('throws when n is negative or not an integer', () => {
    expect(() => greaterThanPattern(-1)).toThrow("greaterThanPattern: 'n' must be a non-negative integer, got -1");
    expect(() => greaterThanPattern(1.5)).toThrow('got 1.5');
  });
});

describe('ApiSecurityPolicy', () => {
  it('bans a client over its rate first, then refuses large bodies, then applies the WAF sets, then allows', () => {
    const rules = rulesOf();
    expect(rules.map((r) => r.action)).toEqual([
      'rate_based_ban',
      'deny(403)',
      ...WAF_RULE_SETS.map(() => 'deny(403)'),
      'allow',
    ]);
    const priorities = rules.map((r) => r.priority);
    expect([...priorities].sort((a, b) => a - b)).toEqual(priorities);
    expect(new Set(priorities).size).toBe(priorities.length);
    expect(rules.at(-1)).toMatchObject({ priority: 2147483647, match: { config: { srcIpRanges: ['*'] } } });
    expect(rules[0].rateLimitOptions).toEqual({
      conformAction: 'allow',
      exceedAction: 'deny(429)',
      enforceOnKey: 'IP',
      rateLimitThreshold: { count: 1200, intervalSec: 60 },
      banThreshold: { count: 3000, intervalSec: 60 },
      banDurationSec: 300,
    });
    expect(rules[1].match.expr!.expression).toBe(
      `request.headers['content-length'].matches('${greaterThanPattern(1048576)}')`,
    );
    expect(rules.slice(2, -1).map((r) => r.match.expr!.expression)).toEqual(
      WAF_RULE_SETS.map((set) => `evaluatePreconfiguredWaf('${set}', {'sensitivity': 1})`),
    );
  });

  it('keeps the body-content WAF sets out: the API scores hostile text by design', () => {
    const expressions = rulesOf()
      .map((r) => r.match.expr?.expression ?? '')
      .join('\n');
    for (const set of ['sqli', 'xss', 'rce', 'lfi']) expect(expressions).not.toContain(`'${set}-`);
  });

  it('puts every rule but the default in preview when asked', () => {
    const rules = rulesOf({ ...props, preview: true } as typeof props);
    expect(rules.slice(0, -1).every((r) => r.preview === true)).toBe(true);
    expect(rules.at(-1)!.preview).toBeUndefined();
  });

  it('throws when the ban threshold is below the rate limit or a limit is not a positive integer', () => {
    expect(() => rulesOf({ ...props, banThresholdPerMinute: 100 })).toThrow(
      "ApiSecurityPolicy: 'banThresholdPerMinute' must be >= rateLimitPerMinute (1200), got 100",
    );
    expect(() => rulesOf({ ...props, maxBodyBytes: 0 })).toThrow(
      "ApiSecurityPolicy: 'maxBodyBytes' must be a positive integer, got 0",
    );
  });
});

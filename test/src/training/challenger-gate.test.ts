import { parseConfig } from '../../../src/config';
import { type ModelArtifact, parseModelArtifact } from '../../../src/ml';
import {
  challengeOnSet,
  comparisonMetrics,
  decideChallenger,
  evaluateOnSet,
  type EvalSetMetrics,
  formatComparison,
  GateError,
  type LabelledDataset,
} from '../../../src/training';
import { testArtifact } from '../../support/fixtures';

const GATE = parseConfig({}).retraining.gate;

/** Toxic rows use the fixture vocabulary's insults, clean rows its thanks; `insult` follows `toxic`. */
const EVAL_SET: LabelledDataset = (() => {
  const texts = [
    'you idiot',
    'stupid idiot',
    'you stupid',
    'idiot idiot',
    'thanks great',
    'great thanks you',
    'thanks',
    'great',
    'you are great',
    'thanks you',
  ];
  const toxic = Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  return { ids: texts.map(String), texts, labels: ['toxic', 'insult'], targets: [toxic, toxic] };
})();

/** The fixture model with one head's weights scaled (negative: it ranks the rows backwards). */
function variant(version: string, scale: Partial<Record<'toxic' | 'insult', number>>): ModelArtifact {
  const a = testArtifact({ version });
  return parseModelArtifact({
    ...a,
    heads: a.heads.map((h) => ({ ...h, coef: h.coef.map((c) => c * (scale[h.label as 'toxic' | 'insult'] ?? 1)) })),
  });
}

function metrics(version: string, values: Record<string, number>): EvalSetMetrics {
  const labels: Record<string, EvalSetMetrics['labels'][string]> = {};
  for (const [label, rocAuc] of Object.entries(values)) {
    labels[label] = { rocAuc } as EvalSetMetrics['labels'][string];
  }
  return { model: { name: 'toxic-detector', version }, rows: 10, labels };
}

describe('evaluateOnSet', () => {
  it('scores every row with each shared label, calibrated or not', () => {
    const m = evaluateOnSet(testArtifact(), EVAL_SET);
    expect(m.rows).toBe(10);
    expect(Object.keys(m.labels)).toEqual(['toxic', 'insult']);
    expect(m.labels.toxic.rocAuc).toBe(1);
    expect(m.labels.toxic.threshold).toBe(0.5);
    expect(m.labels.insult.threshold).toBe(0); // uncalibrated head: decision > 0
  });

  it('gives a backwards model a low ROC AUC on the same rows', () => {
    expect(evaluateOnSet(variant('bad', { toxic: -1 }), EVAL_SET).labels.toxic.rocAuc).toBeLessThan(0.2);
  });

  it('refuses a model with no label of the set', () => {
    const set = { ...EVAL_SET, labels: ['threat', 'obscene'] };
    expect(() => evaluateOnSet(testArtifact(), set)).toThrow(GateError);
  });
});

describe('decideChallenger', () => {
  it('promotes the first model when there is no champion', () => {
    const d = decideChallenger(null, metrics('v2', { toxic: 0.8 }), GATE);
    expect(d).toMatchObject({ promote: true, reason: expect.stringContaining('no champion yet') });
  });

  it('promotes an equal or better primary metric (the default gate is "at least as good")', () => {
    expect(decideChallenger(metrics('v1', { toxic: 0.9 }), metrics('v2', { toxic: 0.9 }), GATE).promote).toBe(true);
    expect(decideChallenger(metrics('v1', { toxic: 0.9 }), metrics('v2', { toxic: 0.95 }), GATE).promote).toBe(true);
  });

  it('keeps the champion when the primary metric is worse, saying by how much', () => {
    const d = decideChallenger(metrics('v1', { toxic: 0.9 }), metrics('v2', { toxic: 0.85 }), GATE);
    expect(d.promote).toBe(false);
    expect(d.reason).toBe('not promoted: toxic.rocAuc 0.85 vs champion v1 0.9 (needs ≥ 0.9)');
    expect(d.rows[0]).toMatchObject({ label: 'toxic', primary: true, verdict: 'below-gate' });
  });

  it('demands the configured improvement', () => {
    const gate = { ...GATE, minImprovement: 0.02 };
    expect(decideChallenger(metrics('v1', { toxic: 0.9 }), metrics('v2', { toxic: 0.91 }), gate).promote).toBe(false);
    expect(decideChallenger(metrics('v1', { toxic: 0.9 }), metrics('v2', { toxic: 0.93 }), gate).promote).toBe(true);
  });

  it('refuses a challenger that loses more than the margin on another label, and allows a small loss', () => {
    const champion = metrics('v1', { toxic: 0.9, insult: 0.9 });
    const regressed = decideChallenger(champion, metrics('v2', { toxic: 0.95, insult: 0.85 }), GATE);
    expect(regressed.promote).toBe(false);
    expect(regressed.reason).toContain('insult 0.9 → 0.85');
    expect(regressed.rows.find((r) => r.label === 'insult')?.verdict).toBe('regressed');
    const small = decideChallenger(champion, metrics('v2', { toxic: 0.95, insult: 0.89 }), GATE);
    expect(small.promote).toBe(true);
    expect(small.rows.find((r) => r.label === 'insult')?.verdict).toBe('within-margin');
  });

  it('does not compare labels only one model has', () => {
    const d = decideChallenger(metrics('v1', { toxic: 0.9, threat: 0.99 }), metrics('v2', { toxic: 0.9 }), GATE);
    expect(d.promote).toBe(true);
    expect(d.rows.find((r) => r.label === 'threat')?.verdict).toBe('not-compared');
  });

  it('fails clearly when the challenger lacks the primary metric', () => {
    expect(() => decideChallenger(null, metrics('v2', { insult: 0.9 }), GATE)).toThrow(/primary label "toxic"/);
  });

  it('decides on real scores: a backwards challenger is not promoted over the fixture model', () => {
    const champion = evaluateOnSet(testArtifact({ version: 'v1' }), EVAL_SET);
    const worse = evaluateOnSet(variant('v2', { toxic: -1 }), EVAL_SET);
    const d = decideChallenger(champion, worse, GATE);
    expect(d.promote).toBe(false);
    const table = formatComparison(d, champion, worse);
    expect(table).toMatch(/^toxic \* +1 +0 +-1 +below-gate$/m);
    expect(table.trimEnd().split('\n').at(-1)).toBe(d.reason);
  });
});

describe('comparisonMetrics', () => {
  it('prefixes each model’s metrics for MLflow', () => {
    const m = comparisonMetrics(metrics('v1', { toxic: 0.9 }), metrics('v2', { toxic: 0.8 }));
    expect(m).toEqual({ 'champion.toxic.rocAuc': 0.9, 'challenger.toxic.rocAuc': 0.8 });
    expect(comparisonMetrics(null, metrics('v2', { toxic: 0.8 }))).toEqual({ 'challenger.toxic.rocAuc': 0.8 });
  });
});

describe('challengeOnSet', () => {
  it('promotes a candidate when there is no champion', () => {
    const c = challengeOnSet(testArtifact({ version: 'imported-1' }), null, EVAL_SET, GATE);
    expect(c.champion).toBeNull();
    expect(c.championVersion).toBeNull();
    expect(c.decision.promote).toBe(true);
    expect(c.decision.reason).toBe('no champion yet: toxic.rocAuc 1');
  });

  it('keeps the champion when the candidate ranks the primary label worse, naming the champion by its version', () => {
    const champion = { version: '3', artifact: testArtifact({ version: '2026.1' }) };
    const c = challengeOnSet(variant('imported-1', { toxic: -1 }), champion, EVAL_SET, GATE);
    expect(c.championVersion).toBe('3');
    expect(c.champion?.model.version).toBe('v3');
    expect(c.decision.promote).toBe(false);
    expect(c.decision.reason).toMatch(/^not promoted: toxic\.rocAuc 0 vs champion v3 1 \(needs ≥ 1\)$/);
  });

  it('throws when the candidate has not the primary label, or no label of the set', () => {
    const foreign = { version: '3', artifact: testArtifact({ labels: ['insult'] }) };
    expect(() => challengeOnSet(testArtifact({ labels: ['insult'] }), foreign, EVAL_SET, GATE)).toThrow(
      'the challenger has no rocAuc for the primary label "toxic"',
    );
    const unrelated: LabelledDataset = { ...EVAL_SET, labels: ['spam'], targets: [EVAL_SET.targets[0]] };
    expect(() => challengeOnSet(testArtifact({ version: 'imported-1' }), null, unrelated, GATE)).toThrow(
      /model toxicity imported-1 has no label of the evaluation set/,
    );
  });
});

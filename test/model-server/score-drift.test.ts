import { ScoreDrift } from '../../model-server/score-drift';
import { populationStabilityIndex, type ScoreBaseline } from '../../src/ml/score-distribution';

/** A histogram stand-in with two bins (bound 0.5) whose counts the test sets: the drift reads only these. */
function counts() {
  const state = new Map<string, Float64Array>();
  return {
    bucketBounds: [0.5] as readonly number[],
    snapshot: () => new Map([...state].map(([k, v]) => [k, Float64Array.from(v)])),
    add(label: string, low: number, high: number) {
      const c = state.get(label) ?? new Float64Array(2);
      c[0] += low;
      c[1] += high;
      state.set(label, c);
    },
    clear: () => state.clear(),
  };
}

const BASELINE: ScoreBaseline = { bounds: [0.5], source: 'test-split', labels: { toxic: { counts: [80, 20] } } };

describe('ScoreDrift', () => {
  it('compares only the scores since the model was loaded with its baseline', () => {
    const h = counts();
    let now = 0;
    const drift = new ScoreDrift(h, { windowSeconds: 600, stepSeconds: 60, now: () => now });
    h.add('toxic', 0, 1000); // the previous model's scores
    drift.modelLoaded(BASELINE);
    h.add('toxic', 50, 50);
    now = 10_000;
    expect(drift.sample()).toEqual([
      { label: 'toxic', comments: 100, psi: populationStabilityIndex([80, 20], [50, 50]) },
    ]);
  });

  it('slides: after a window only the scores of the last window count', () => {
    const h = counts();
    let now = 0;
    const drift = new ScoreDrift(h, { windowSeconds: 600, stepSeconds: 60, now: () => now });
    drift.modelLoaded(BASELINE);
    // Scraped every 30 s; for ten minutes the scores look like the baseline, then they all go high.
    for (let t = 30; t <= 600; t += 30) {
      h.add('toxic', 8, 2);
      now = t * 1000;
      drift.sample();
    }
    for (let t = 630; t <= 1260; t += 30) {
      h.add('toxic', 0, 10);
      now = t * 1000;
      drift.sample();
    }
    const [toxic] = drift.sample();
    // The base is the newest snapshot at least 600 s old: at most one 60 s step of older scores remains.
    expect(toxic.comments).toBeGreaterThanOrEqual(200);
    expect(toxic.comments).toBeLessThanOrEqual(220);
    expect(toxic.psi).toBeGreaterThan(1);
  });

  it('gives a null PSI and 0 comments while the window is empty', () => {
    const h = counts();
    const drift = new ScoreDrift(h, { now: () => 0 });
    drift.modelLoaded(BASELINE);
    expect(drift.sample()).toEqual([{ label: 'toxic', psi: null, comments: 0 }]);
  });

  it('ignores a baseline over other bins than the histogram (no PSI rather than a wrong one)', () => {
    const h = counts();
    const drift = new ScoreDrift(h, { now: () => 0 });
    drift.modelLoaded({ bounds: [0.4], source: 's', labels: { toxic: { counts: [1, 1] } } });
    h.add('toxic', 1, 1);
    expect(drift.sample()).toEqual([]);
  });

  it('counts everything since a histogram reset rather than a negative window', () => {
    const h = counts();
    const drift = new ScoreDrift(h, { now: () => 0 });
    h.add('toxic', 10, 10);
    drift.modelLoaded(BASELINE);
    h.clear();
    h.add('toxic', 4, 1);
    expect(drift.sample()[0]).toMatchObject({ comments: 5 });
  });

  it('throws when the window or step is not positive, or the step is longer than the window', () => {
    expect(() => new ScoreDrift(counts(), { windowSeconds: 0 })).toThrow('must be positive');
    expect(() => new ScoreDrift(counts(), { windowSeconds: 60, stepSeconds: 120 })).toThrow('step ≤ window');
  });
});

import { importGate } from '../../../src/commands/import-registration';
import { parseConfig } from '../../../src/config';

describe('importGate', () => {
  const config = parseConfig({ retraining: { gate: { maxLabelRegression: 0.05 } } });

  it('takes the retraining gate of the config', () => {
    expect(importGate({}, config)).toEqual(config.retraining.gate);
  });

  it('overrides the primary label, metric and margin from the flags', () => {
    expect(importGate({ gateMetric: 'insult.f1', minImprovement: '0.01' }, config)).toEqual({
      metric: 'f1',
      primaryLabel: 'insult',
      minImprovement: 0.01,
      maxLabelRegression: 0.05,
    });
  });

  it('throws when the margin is not a number from -1 to 1', () => {
    expect(() => importGate({ minImprovement: '2' }, config)).toThrow(
      '--min-improvement must be a number from -1 to 1, got "2"',
    );
    expect(() => importGate({ gateMetric: 'toxic.auc' }, config)).toThrow('--gate-metric must be');
  });
});

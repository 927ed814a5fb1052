import { closestMatch, didYouMean, editDistance } from '../../../src/common/closest-match';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('replicas', 'replicas')).toBe(0);
    expect(editDistance('replica', 'replicas')).toBe(1);
    expect(editDistance('replicass', 'replicas')).toBe(1);
    expect(editDistance('replicaz', 'replicas')).toBe(1);
    expect(editDistance('rpelicas', 'replicas')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const keys = ['minReplicas', 'maxReplicas', 'mode', 'targetCpuPercent'];

  it('finds the setting a typo was meant to be', () => {
    expect(closestMatch('maxReplica', keys)).toBe('maxReplicas');
    expect(closestMatch('targetCPUPercent', keys)).toBe('targetCpuPercent');
    expect(closestMatch('autoscale', ['autoscaled', 'static'])).toBe('autoscaled');
    expect(closestMatch('warn', ['DEBUG', 'INFO', 'WARNING', 'ERROR'])).toBe('WARNING');
    expect(closestMatch('auto', ['autoscaled', 'static'])).toBe('autoscaled');
    expect(closestMatch('in', ['INFO', 'INTERNAL'])).toBeUndefined();
    expect(closestMatch('warning', ['DEBUG', 'INFO', 'WARNING', 'ERROR'])).toBe('WARNING');
  });

  it('suggests nothing when nothing is close, or two candidates are equally close', () => {
    expect(closestMatch('colour', keys)).toBeUndefined();
    expect(closestMatch('mxReplicas', ['maxReplicas', 'mnReplicas'].concat('mxReplicaz'))).toBeUndefined();
    expect(closestMatch('ab', ['ax', 'ay'])).toBeUndefined();
  });

  it('words the hint for an error message', () => {
    expect(didYouMean('moed', keys)).toBe(' (did you mean "mode"?)');
    expect(didYouMean('zzz', keys)).toBe('');
    expect(didYouMean('ab', ['ax', 'ay'])).toBe(' (did you mean "ax" or "ay"?)');
  });
});

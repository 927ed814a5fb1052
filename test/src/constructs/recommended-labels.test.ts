import { recommendedLabels } from '../../../src/constructs/recommended-labels';

describe('recommendedLabels', () => {
  it('returns the app.kubernetes.io labels and a name+instance selector', () => {
    const { labels, selectorLabels } = recommendedLabels({ name: 'tox', partOf: 'toxicity', version: '1.2.3' });
    expect(labels).toEqual({
      'app.kubernetes.io/name': 'tox',
      'app.kubernetes.io/instance': 'tox',
      'app.kubernetes.io/component': 'model-server',
      'app.kubernetes.io/part-of': 'toxicity',
      'app.kubernetes.io/version': '1.2.3',
      'app.kubernetes.io/managed-by': 'cdk8s',
    });
    expect(selectorLabels).toEqual({ 'app.kubernetes.io/name': 'tox', 'app.kubernetes.io/instance': 'tox' });
  });

  it('keeps the version out of the selector so a release never changes it', () => {
    const a = recommendedLabels({ name: 'tox', partOf: 'p', version: '1.0.0' });
    const b = recommendedLabels({ name: 'tox', partOf: 'p', version: '2.0.0' });
    expect(a.selectorLabels).toEqual(b.selectorLabels);
    expect(a.labels['app.kubernetes.io/version']).not.toBe(b.labels['app.kubernetes.io/version']);
  });

  it('uses the given instance, component and manager', () => {
    const { labels, selectorLabels } = recommendedLabels({
      name: 'tox',
      instance: 'tox-eu',
      component: 'api',
      partOf: 'p',
      version: 'v1',
      managedBy: 'gke-deploy',
    });
    expect(selectorLabels['app.kubernetes.io/instance']).toBe('tox-eu');
    expect(labels['app.kubernetes.io/component']).toBe('api');
    expect(labels['app.kubernetes.io/managed-by']).toBe('gke-deploy');
  });

  it('throws when the version is not a label value, naming it', () => {
    expect(() => recommendedLabels({ name: 'tox', partOf: 'p', version: '_x'.repeat(40) })).toThrow(
      "recommendedLabels: 'version' must be a non-empty label value",
    );
    expect(() => recommendedLabels({ name: 'tox', partOf: 'p', version: '' })).toThrow("'version'");
  });

  it('throws when the name or part-of is invalid', () => {
    expect(() => recommendedLabels({ name: 'Tox', partOf: 'p', version: '1' })).toThrow(
      "recommendedLabels: 'name' must be a DNS-1123 label",
    );
    expect(() => recommendedLabels({ name: 'tox', partOf: 'a b', version: '1' })).toThrow(
      "recommendedLabels: 'labels.app.kubernetes.io/part-of' must be a label value",
    );
  });
});

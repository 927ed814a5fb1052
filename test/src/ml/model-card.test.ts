import { publicUri } from '../../../src/ml/model-card';
import { parseModelArtifact } from '../../../src/ml/model-artifact';
import { testArtifact } from '../../support/fixtures';

describe('publicUri', () => {
  it('removes user, password, query string and fragment', () => {
    expect(publicUri('https://u:p4ss@host.example:8443/a/b.csv?X-Goog-Signature=1#x')).toBe(
      'https://host.example:8443/a/b.csv',
    );
  });

  it('leaves gs:// and file:// URIs without secrets as they are', () => {
    expect(publicUri('gs://bucket/data/comments.csv')).toBe('gs://bucket/data/comments.csv');
    expect(publicUri('file:///tmp/x.csv')).toBe('file:///tmp/x.csv');
  });
});

describe('the card inside a model artifact', () => {
  it('throws when a card lacks a section, naming it', () => {
    const card = { schema: 'toxicity.model-card/v1', intendedUse: 'x' };
    expect(() => parseModelArtifact({ ...testArtifact(), card })).toThrow(/card\.model: is required/);
  });

  it('throws when a card has a risk level the AI Act does not define', () => {
    expect(() =>
      parseModelArtifact({ ...testArtifact(), card: { risk: { framework: 'x', level: 'tiny', reasoning: 'y' } } }),
    ).toThrow(/card\.risk\.level: must be one of \["minimal","limited","high"\]/);
  });

  it('throws when a score baseline does not fit the model', () => {
    const scoreBaseline = { bounds: [0.5], source: 'test-split', labels: { spam: { counts: [1, 1] } } };
    expect(() => parseModelArtifact({ ...testArtifact(), scoreBaseline })).toThrow(
      'scoreBaseline.labels.spam: not a label of the model',
    );
  });
});

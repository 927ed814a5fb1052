import { parseRegistryModelUri } from '../../../src/storage';

describe('parseRegistryModelUri', () => {
  it('reads an alias URI and a version URI', () => {
    expect(parseRegistryModelUri('models:/toxic-detector@champion')).toEqual({
      name: 'toxic-detector',
      alias: 'champion',
    });
    expect(parseRegistryModelUri('models:/toxic.v2/12')).toEqual({ name: 'toxic.v2', version: '12' });
  });

  it('throws when the URI is neither, naming both forms', () => {
    for (const bad of [
      'models:/toxic',
      'models://toxic@champion',
      'models:/toxic/0',
      'models:/@champion',
      'gs://b/m.json',
    ]) {
      expect(() => parseRegistryModelUri(bad)).toThrow(
        `not a registry model URI (models:/<name>@<alias> or models:/<name>/<version>): ${bad}`,
      );
    }
  });
});

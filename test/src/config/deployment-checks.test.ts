import {
  deploymentProblems,
  inClusterTrackingUri,
  isLoopback,
  parseConfig,
  pipelineTrackingUri,
} from '../../../src/config';

const deployable = { mlflow: { server: { internalAddress: '10.10.0.50' } } };

describe('deploymentProblems', () => {
  it('accepts the defaults plus MLflow internal address, serving the champion pointer', () => {
    const c = parseConfig(deployable);
    expect(deploymentProblems(c)).toEqual([]);
    expect(c.model.uri).toBe('gs://my-gcp-project-toxicity-models/toxic-detector/champion');
    expect(pipelineTrackingUri(c)).toBe('http://10.10.0.50:5000');
    expect(inClusterTrackingUri(c)).toBe('http://mlflow.toxicity.svc.cluster.local:5000');
  });

  it('refuses the embedded defaults, naming the internal address to set', () => {
    expect(deploymentProblems(parseConfig({}))).toEqual([
      expect.stringMatching(/^\/mlflow\/server\/internalAddress: unset: .*set it to a reserved internal IPv4/),
    ]);
  });

  it('refuses a registry model URI that the pods would resolve on their own loopback', () => {
    const c = parseConfig({ ...deployable, model: { uri: 'models:/toxic-detector@champion' } });
    expect(deploymentProblems(c)).toEqual([
      expect.stringContaining(
        "/mlflow/trackingUri: http://127.0.0.1:5000 is the pod's own loopback, and model.uri models:/toxic-detector@champion",
      ),
    ]);
    expect(deploymentProblems(c)[0]).toContain('http://mlflow.toxicity.svc.cluster.local:5000');
    const inCluster = parseConfig({
      model: { uri: 'models:/toxic-detector@champion' },
      mlflow: { trackingUri: 'http://mlflow.default.svc.cluster.local:5000', server: { internalAddress: '10.0.0.9' } },
    });
    expect(deploymentProblems(inCluster)).toEqual([]);
  });

  it('refuses a pipeline registry on the loopback, an external registry left unset, and the default pool', () => {
    expect(deploymentProblems(parseConfig({ mlflow: { pipelineTrackingUri: 'http://localhost:5000' } }))).toEqual([
      expect.stringMatching(/^\/mlflow\/pipelineTrackingUri: http:\/\/localhost:5000 is the build machine/),
    ]);
    expect(deploymentProblems(parseConfig({ mlflow: { server: { enabled: false } } }))).toEqual([
      expect.stringMatching(/^\/mlflow\/pipelineTrackingUri: unset while mlflow.server.enabled is false/),
    ]);
    expect(deploymentProblems(parseConfig({ ...deployable, pipeline: { workerPool: null } }))).toEqual([
      expect.stringMatching(/^\/pipeline\/workerPool: unset: Cloud Build's default pool cannot reach/),
    ]);
    expect(
      deploymentProblems(
        parseConfig({ mlflow: { server: { enabled: false }, pipelineTrackingUri: 'https://mlflow.acme.example' } }),
      ),
    ).toEqual([]);
  });

  it('tells loopback URLs from others', () => {
    expect(isLoopback('http://127.1.2.3:5000')).toBe(true);
    expect(isLoopback('http://[::1]:5000')).toBe(true);
    expect(isLoopback('http://localhost')).toBe(true);
    expect(isLoopback('http://mlflow.localhost')).toBe(true);
    expect(isLoopback('http://10.0.0.1:5000')).toBe(false);
    expect(isLoopback('not a url')).toBe(false);
  });

  it('rejects an internal address that is not an IPv4 address through the schema', () => {
    expect(() => parseConfig({ mlflow: { server: { internalAddress: '10.0.0.300' } } })).toThrow(
      '/mlflow/server/internalAddress: must match pattern',
    );
  });
});

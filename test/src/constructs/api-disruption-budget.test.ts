import { ApiDisruptionBudget, type ApiDisruptionBudgetProps } from '../../../src/constructs/api-disruption-budget';
import { only, synthConstructs } from '../../support/k8s-manifests';
import { manifestProblems } from '../../support/k8s-validate';

const selectorLabels = { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'api' };
const labels = { ...selectorLabels, 'app.kubernetes.io/version': '1' };

function synth(props: Partial<ApiDisruptionBudgetProps> = {}) {
  return synthConstructs((scope) => {
    new ApiDisruptionBudget(scope, 'DisruptionBudget', { name: 'api', labels, selectorLabels, ...props });
  });
}

describe('ApiDisruptionBudget', () => {
  it('emits a policy/v1 PDB allowing one pod down at a time, evicting unhealthy pods freely', () => {
    const pdb = only(synth(), 'PodDisruptionBudget');
    expect(pdb).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'api', namespace: 'test-ns', labels },
      spec: {
        maxUnavailable: 1,
        selector: { matchLabels: selectorLabels },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
    expect(manifestProblems(pdb)).toEqual([]);
  });

  it('uses the given budget and eviction policy', () => {
    const pdb = only(
      synth({ maxUnavailable: 2, unhealthyPodEvictionPolicy: 'IfHealthyBudget' }),
      'PodDisruptionBudget',
    );
    expect(pdb.spec.maxUnavailable).toBe(2);
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('IfHealthyBudget');
  });

  it.each([
    [{ maxUnavailable: 0 }, "ApiDisruptionBudget: 'maxUnavailable' must be an integer from 1 to 1000, got 0"],
    [
      { selectorLabels: {} },
      "ApiDisruptionBudget: 'selectorLabels' must not be empty (an empty selector matches every pod), got {}",
    ],
    [
      { unhealthyPodEvictionPolicy: 'Sometimes' as never },
      'ApiDisruptionBudget: \'unhealthyPodEvictionPolicy\' must be AlwaysAllow or IfHealthyBudget, got "Sometimes"',
    ],
    [{ name: '' }, 'ApiDisruptionBudget: \'name\' must be a DNS-1123 subdomain (at most 253), got ""'],
  ])('throws when given %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });
});

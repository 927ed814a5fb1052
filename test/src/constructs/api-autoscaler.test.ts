import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';
import { ApiAutoscaler, type ApiAutoscalerProps } from '../../../src/constructs/api-autoscaler';
import { only, synthConstructs } from '../../support/k8s-manifests';
import { manifestProblems } from '../../support/k8s-validate';

const labels = { 'app.kubernetes.io/name': 'api' };

function target(scope: Construct, replicas?: number): kplus.Deployment {
  const deployment = new kplus.Deployment(scope, 'Deployment', { metadata: { name: 'api' }, replicas });
  deployment.addContainer({
    image: 'r/i:1',
    resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(200) } },
  });
  return deployment;
}

function synth(props: Partial<ApiAutoscalerProps> = {}) {
  return synthConstructs((scope) => {
    new ApiAutoscaler(scope, 'Autoscaler', { target: target(scope), name: 'api', labels, ...props });
  });
}

describe('ApiAutoscaler', () => {
  it('emits an autoscaling/v2 HPA with the defaults: 2-10 replicas at 70% CPU and explicit behavior', () => {
    const manifests = synth();
    const hpa = only(manifests, 'HorizontalPodAutoscaler');
    expect(hpa).toEqual({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'api', namespace: 'test-ns', labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        ],
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [
              { type: 'Percent', value: 100, periodSeconds: 15 },
              { type: 'Pods', value: 4, periodSeconds: 15 },
            ],
          },
          scaleDown: {
            stabilizationWindowSeconds: 300,
            selectPolicy: 'Max',
            policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
          },
        },
      },
    });
    expect(manifestProblems(hpa)).toEqual([]);
  });

  it('leaves replicas out of the Deployment it scales', () => {
    const deployment = only(synth(), 'Deployment');
    expect(deployment.spec).not.toHaveProperty('replicas');
  });

  it('uses the given bounds, target and behavior', () => {
    const hpa = only(
      synth({
        minReplicas: 3,
        maxReplicas: 30,
        targetCpuPercent: 55,
        scaleDown: {
          stabilizationWindow: Duration.minutes(10),
          strategy: kplus.ScalingStrategy.MIN_CHANGE,
          policies: [{ replicas: kplus.Replicas.absolute(1), duration: Duration.minutes(2) }],
        },
      }),
      'HorizontalPodAutoscaler',
    );
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.maxReplicas).toBe(30);
    expect(hpa.spec.metrics[0].resource.target.averageUtilization).toBe(55);
    expect(hpa.spec.behavior.scaleDown).toEqual({
      stabilizationWindowSeconds: 600,
      selectPolicy: 'Min',
      policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
    });
  });

  it.each([
    [{ minReplicas: 0 }, "ApiAutoscaler: 'minReplicas' must be an integer from 1 to 1000, got 0"],
    [{ maxReplicas: 1001 }, "ApiAutoscaler: 'maxReplicas' must be an integer from 1 to 1000, got 1001"],
    [{ minReplicas: 5, maxReplicas: 4 }, "ApiAutoscaler: 'maxReplicas' must be >= minReplicas (5), got 4"],
    [{ targetCpuPercent: 0 }, "ApiAutoscaler: 'targetCpuPercent' must be an integer from 1 to 100, got 0"],
    [{ targetCpuPercent: 120 }, "ApiAutoscaler: 'targetCpuPercent' must be an integer from 1 to 100, got 120"],
    [{ name: 'Bad_Name' }, 'ApiAutoscaler: \'name\' must be a DNS-1123 subdomain (at most 253), got "Bad_Name"'],
  ])('throws when given %j', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  it('throws when the target already has a fixed replica count', () => {
    expect(() =>
      synthConstructs((scope) => {
        new ApiAutoscaler(scope, 'Autoscaler', { target: target(scope, 3), name: 'api', labels });
      }),
    ).toThrow("ApiAutoscaler: 'target.replicas' must be unset on an autoscaled Deployment (the HPA owns it), got 3");
  });
});

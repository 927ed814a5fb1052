import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import type { Construct } from 'constructs';

/** How the API's Service is reached (see `ToxicityApiServiceOptions.exposure`). */
export type ApiServiceExposure = 'loadBalancer' | 'containerNative';

/** What `createApiService` needs, already checked by `ToxicityApi`. */
export interface ApiServiceOptions {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly portName: string;
  readonly servicePort: number;
  readonly targetPort: number;
  readonly exposure: ApiServiceExposure;
  readonly internal: boolean;
  readonly trafficPolicy: 'Cluster' | 'Local';
  readonly sourceRanges: readonly string[];
  /** The pods serve HTTPS on the target port. */
  readonly tls: boolean;
}

/**
 * GKE's annotation for container-native load balancing: the L7 load balancer sends to pod addresses
 * (network endpoint groups), not to node ports, so there is no second hop and readiness gates the
 * endpoints (cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing).
 */
export const NEG_ANNOTATION = 'cloud.google.com/neg';
/** Protocol of each Service port as GKE's L7 load balancers speak it to the pods (HTTP by default). */
export const APP_PROTOCOLS_ANNOTATION = 'cloud.google.com/app-protocols';

/**
 * The API's Service, on the API port only (the admin port, with probes and `/metrics`, is never behind
 * it): a LoadBalancer (pass-through L4) or, behind the Gateway, a ClusterIP with NEGs.
 */
export function createApiService(scope: Construct, id: string, o: ApiServiceOptions): kplus.Service {
  const lb = o.exposure === 'loadBalancer';
  const annotations: Record<string, string> = lb
    ? o.internal
      ? { 'networking.gke.io/load-balancer-type': 'Internal' }
      : {}
    : {
        [NEG_ANNOTATION]: JSON.stringify({ ingress: true }),
        // Pods that serve TLS get HTTPS from the load balancer too (it does not verify their certificate).
        ...(o.tls ? { [APP_PROTOCOLS_ANNOTATION]: JSON.stringify({ [o.portName]: 'HTTPS' }) } : {}),
      };
  const service = new kplus.Service(scope, id, {
    metadata: {
      name: o.name,
      labels: { ...o.labels },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    type: lb ? kplus.ServiceType.LOAD_BALANCER : kplus.ServiceType.CLUSTER_IP,
    ports: [{ name: o.portName, port: o.servicePort, targetPort: o.targetPort, protocol: kplus.Protocol.TCP }],
    ...(lb && o.sourceRanges.length > 0 ? { loadBalancerSourceRanges: [...o.sourceRanges] } : {}),
  });
  for (const [key, value] of Object.entries(o.selectorLabels)) service.selectLabel(key, value);
  ApiObject.of(service).addJsonPatch(
    // cdk8s-plus-27 always emits an empty externalIPs.
    JsonPatch.remove('/spec/externalIPs'),
    // It has no externalTrafficPolicy prop; the field exists for LoadBalancer (and NodePort) only.
    ...(lb ? [JsonPatch.add('/spec/externalTrafficPolicy', o.trafficPolicy)] : []),
  );
  return service;
}

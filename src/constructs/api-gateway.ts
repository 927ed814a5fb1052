import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { PROBE_PATHS } from '../contract';
import { checkInteger, checkLabels, checkName, checkSeconds, propError } from './prop-checks';

/** GKE's GatewayClass of the global external Application Load Balancer (Envoy-based, managed). */
export const GLOBAL_EXTERNAL_GATEWAY_CLASS = 'gke-l7-global-external-managed';
/** Gateway annotation naming the Certificate Manager map whose certificates the HTTPS listener serves. */
export const CERTMAP_ANNOTATION = 'networking.gke.io/certmap';

export interface ApiGatewayProps {
  /** Name of the Gateway, the routes and the policies (a DNS-1123 subdomain). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Public DNS name the routes answer to (the certificate's domain). */
  readonly hostname: string;
  /** Reserved global address (a `ComputeAddress` name) the Gateway takes. */
  readonly addressName: string;
  /** Certificate Manager map holding the hostname's certificate. */
  readonly certificateMapName: string;
  /** Cloud Armor security policy attached to the backend service. */
  readonly securityPolicyName: string;
  /** The API's ClusterIP Service (container-native) and its port. */
  readonly serviceName: string;
  readonly servicePort: number;
  /** Port of the pods' admin listener: the load balancer's health check asks `/readyz` there, in HTTP. */
  readonly adminPort: number;
  /**
   * How long the load balancer waits for a whole response; longer than the server's own request
   * timeout, so the server's answer (a problem document) always comes first.
   */
  readonly backendTimeout: Duration;
  /** How long requests in flight to a removed endpoint (a terminating pod) may still finish. */
  readonly drainingTimeout: Duration;
  /**
   * Fraction of requests the load balancer logs, 0–1.
   * @default 0.1
   */
  readonly logSampleRate?: number;
}

/**
 * The Gateway edge (cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways): one Gateway
 * of class `gke-l7-global-external-managed` on a reserved global address, with an HTTPS listener whose
 * certificates come from a Certificate Manager map and an HTTP listener that only redirects
 * (cloud.google.com/kubernetes-engine/docs/how-to/http-redirect); an HTTPRoute from the hostname to
 * the API's Service; and GKE's policies on that Service (cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources):
 * a HealthCheckPolicy against the readiness path of the admin port, and a GCPBackendPolicy with the
 * timeouts, connection draining, request logging and the Cloud Armor policy.
 *
 * HTTP versions: clients get HTTP/2 (or HTTP/1.1) from the load balancer by ALPN, its default for
 * HTTPS; it speaks HTTP/1.1 to the pods (node:http), over connections it keeps alive for 600 s, which
 * the server outlasts (`server.keepAliveTimeoutSeconds`; cloud.google.com/load-balancing/docs/https#timeouts_and_retries).
 */
export class ApiGateway extends Construct {
  readonly gateway: ApiObject;
  readonly route: ApiObject;
  readonly redirectRoute: ApiObject;
  readonly healthCheckPolicy: ApiObject;
  readonly backendPolicy: ApiObject;

  constructor(scope: Construct, id: string, props: ApiGatewayProps) {
    super(scope, id);
    const owner = 'ApiGateway';
    const name = checkName(owner, 'name', props.name, 'dns1123-subdomain');
    const labels = { ...checkLabels(owner, 'labels', props.labels) };
    if (!/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props.hostname)) {
      throw propError(owner, 'hostname', 'must be a fully qualified DNS name without a wildcard', props.hostname);
    }
    for (const key of ['addressName', 'certificateMapName', 'securityPolicyName'] as const) {
      if (!/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props[key])) {
        throw propError(owner, key, 'must be a Google Cloud resource name', props[key]);
      }
    }
    const serviceName = checkName(owner, 'serviceName', props.serviceName, 'dns1035-label');
    const servicePort = checkInteger(owner, 'servicePort', props.servicePort, 1, 65535);
    const adminPort = checkInteger(owner, 'adminPort', props.adminPort, 1, 65535);
    // GCPBackendPolicy bounds (cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources).
    const timeoutSec = checkSeconds(owner, 'backendTimeout', props.backendTimeout, 1, 86400);
    const drainingTimeoutSec = checkSeconds(owner, 'drainingTimeout', props.drainingTimeout, 0, 3600);
    const logSampleRate = props.logSampleRate ?? 0.1;
    if (!(logSampleRate >= 0 && logSampleRate <= 1)) {
      throw propError(owner, 'logSampleRate', 'must be a number from 0 to 1', logSampleRate);
    }
    const metadata = (objectName: string, annotations?: Record<string, string>) => ({
      name: objectName,
      labels,
      ...(annotations ? { annotations } : {}),
    });
    const sameNamespace = { namespaces: { from: 'Same' } };

    this.gateway = new ApiObject(this, 'Gateway', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: metadata(name, { [CERTMAP_ANNOTATION]: props.certificateMapName }),
      spec: {
        gatewayClassName: GLOBAL_EXTERNAL_GATEWAY_CLASS,
        // No `tls` on the HTTPS listener: GKE takes its certificates from the map named above.
        listeners: [
          { name: 'https', protocol: 'HTTPS', port: 443, allowedRoutes: sameNamespace },
          { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: sameNamespace },
        ],
        addresses: [{ type: 'NamedAddress', value: props.addressName }],
      },
    });
    this.route = new ApiObject(this, 'Route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: metadata(name),
      spec: {
        parentRefs: [{ name, sectionName: 'https' }],
        hostnames: [props.hostname],
        rules: [{ backendRefs: [{ name: serviceName, port: servicePort }] }],
      },
    });
    this.redirectRoute = new ApiObject(this, 'RedirectRoute', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: metadata(`${name}-redirect`),
      spec: {
        parentRefs: [{ name, sectionName: 'http' }],
        hostnames: [props.hostname],
        // 301: clients and caches remember it; a bearer token sent in clear once is the client's bug to fix.
        rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
      },
    });
    const targetRef = { group: '', kind: 'Service', name: serviceName };
    this.healthCheckPolicy = new ApiObject(this, 'HealthCheckPolicy', {
      apiVersion: 'networking.gke.io/v1',
      kind: 'HealthCheckPolicy',
      metadata: metadata(name),
      spec: {
        default: {
          // As the kubelet's readiness probe: every 5 s, 2 s to answer, out after 2 failures.
          checkIntervalSec: 5,
          timeoutSec: 2,
          healthyThreshold: 1,
          unhealthyThreshold: 2,
          logConfig: { enabled: false },
          config: {
            type: 'HTTP',
            // The admin port is plain HTTP whatever the API port serves, and is not in the Service.
            httpHealthCheck: {
              portSpecification: 'USE_FIXED_PORT',
              port: adminPort,
              requestPath: PROBE_PATHS.readiness,
            },
          },
        },
        targetRef,
      },
    });
    this.backendPolicy = new ApiObject(this, 'BackendPolicy', {
      apiVersion: 'networking.gke.io/v1',
      kind: 'GCPBackendPolicy',
      metadata: metadata(name),
      spec: {
        default: {
          timeoutSec,
          connectionDraining: { drainingTimeoutSec },
          securityPolicy: props.securityPolicyName,
          // sampleRate is parts per million (1000000 = every request).
          logging: { enabled: logSampleRate > 0, sampleRate: Math.round(logSampleRate * 1_000_000) },
        },
        targetRef,
      },
    });
  }
}

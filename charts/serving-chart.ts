import { Chart, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { stringify } from 'yaml';
import { type AppConfig, imageReference } from '../src/config';
import {
  GOOGLE_FRONT_END_RANGES,
  ApiDisruptionBudget,
  ApiGateway,
  ApiNetworkPolicy,
  AppNamespace,
  Monitoring,
  recommendedLabels,
  ToxicityApi,
} from '../src/constructs';

export interface ServingChartProps {
  /** The resolved config; the chart reads its slices and mounts the whole of it for the server. */
  readonly config: AppConfig;
}

/**
 * Everything that serves the toxicity API in its own namespace (synthesized, Pod Security
 * `restricted`): the API (ServiceAccount, ConfigMap, Deployment, LoadBalancer Service, HPA in
 * autoscaled mode), its PodDisruptionBudget, its
 * NetworkPolicy and its monitoring (scrape config, alert rules and Grafana dashboard, in the flavour
 * `config.monitoring.flavour` names).
 */
export class ServingChart extends Chart {
  readonly appNamespace: AppNamespace;
  readonly api: ToxicityApi;
  /** The Gateway edge (`edge.mode: gateway`); undefined in loadBalancer mode. */
  readonly gateway?: ApiGateway;
  readonly disruptionBudget: ApiDisruptionBudget;
  readonly networkPolicy: ApiNetworkPolicy;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: ServingChartProps) {
    const { config } = props;
    super(scope, id, { namespace: config.app.namespace });
    const { app, resources, scaling, server } = config;
    const { labels, selectorLabels } = recommendedLabels({
      name: app.name,
      partOf: app.partOf,
      version: config.image.tag,
    });

    // The namespace travels with the app, labelled for Pod Security Admission (restricted). Its labels
    // leave out the version, so a deploy of another image does not rewrite the Namespace.
    this.appNamespace = new AppNamespace(this, 'Namespace', {
      name: app.namespace,
      labels: Object.fromEntries(Object.entries(labels).filter(([key]) => key !== 'app.kubernetes.io/version')),
    });

    this.api = new ToxicityApi(this, 'Api', {
      name: app.name,
      labels,
      selectorLabels,
      image: imageReference(config),
      containerPort: app.containerPort,
      adminPort: app.adminPort,
      servicePort: app.servicePort,
      ...(config.edge.tls === 'pod'
        ? {
            tls: {
              secretName: config.edge.tlsSecretName,
              reloadInterval: Duration.seconds(config.edge.tlsReloadSeconds),
            },
          }
        : {}),
      runAsUser: app.runAsUser,
      resources: {
        cpuRequestMillis: resources.cpuRequestMillis,
        cpuLimitMillis: resources.cpuLimitMillis,
        memoryRequest: Size.mebibytes(resources.memoryRequestMiB),
        memoryLimit: Size.mebibytes(resources.memoryLimitMiB),
        ephemeralStorageRequest: Size.mebibytes(resources.ephemeralStorageRequestMiB),
        ephemeralStorageLimit: Size.mebibytes(resources.ephemeralStorageLimitMiB),
      },
      scaling:
        scaling.mode === 'static'
          ? { mode: 'static', replicas: scaling.replicas }
          : {
              mode: 'autoscaled',
              autoscaler: {
                minReplicas: scaling.minReplicas,
                maxReplicas: scaling.maxReplicas,
                targetCpuPercent: scaling.targetCpuPercent,
              },
            },
      service:
        config.edge.mode === 'gateway'
          ? { exposure: 'containerNative' }
          : {
              externalTrafficPolicy: config.service.externalTrafficPolicy,
              internal: config.service.internal,
              loadBalancerSourceRanges: config.service.loadBalancerSourceRanges,
            },
      ...(config.serviceAccount.gcpServiceAccount
        ? { gcpServiceAccount: config.serviceAccount.gcpServiceAccount }
        : {}),
      jwtSecret: { name: config.auth.secretName, key: config.auth.secretKey, format: config.auth.secretFormat },
      modelUri: config.model.uri,
      serverConfig: renderServerConfig(config),
      drain: Duration.seconds(server.drainSeconds),
      requestTimeout: Duration.millis(server.requestTimeoutMs),
    });

    if (config.edge.mode === 'gateway') {
      this.gateway = new ApiGateway(this, 'Gateway', {
        name: app.name,
        labels,
        hostname: config.edge.hostname!,
        addressName: config.infra.apiAddressName,
        certificateMapName: config.edge.gateway.certificateMapName,
        securityPolicyName: config.edge.gateway.securityPolicyName,
        serviceName: app.name,
        servicePort: app.servicePort,
        adminPort: app.adminPort,
        // The server answers by its own timeout first (a problem document, not the balancer's 502).
        backendTimeout: Duration.seconds(Math.ceil(server.requestTimeoutMs / 1000) + 5),
        // A terminating pod keeps serving through its preStop pause and drain: let its requests finish.
        drainingTimeout: Duration.seconds(this.api.terminationGraceSeconds),
      });
    }

    this.disruptionBudget = new ApiDisruptionBudget(this, 'DisruptionBudget', {
      name: app.name,
      labels,
      selectorLabels,
    });

    this.networkPolicy = new ApiNetworkPolicy(this, 'NetworkPolicy', {
      name: app.name,
      labels,
      podSelectorLabels: selectorLabels,
      port: app.containerPort,
      adminPort: app.adminPort,
      ...apiIngress(config),
      monitoringNamespace: config.network.monitoringNamespace,
      dnsAddresses: config.network.dnsAddresses,
      metadataServer: config.network.metadataServer,
      googleApisCidr: config.network.googleApisCidr,
      ...registryEgress(config),
    });

    const { monitoring, pipeline } = config;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      api: this.api,
      disruptionBudget: this.disruptionBudget,
      flavour: monitoring.flavour,
      scrapeInterval: Duration.seconds(monitoring.scrapeIntervalSeconds),
      latencyThreshold: Duration.millis(monitoring.latencyP95ThresholdMs),
      errorRatioThreshold: monitoring.errorRatioThresholdPercent / 100,
      drift: {
        toxicLabel: monitoring.drift.toxicLabel,
        toxicRateThreshold: monitoring.drift.toxicRatePercent / 100,
        lowConfidenceShareThreshold: monitoring.drift.lowConfidencePercent / 100,
        psiThreshold: monitoring.drift.psiThreshold,
        psiMinComments: monitoring.drift.psiMinComments,
      },
      runbookUrl:
        monitoring.runbookUrl ??
        (pipeline.githubOwner && pipeline.githubRepo
          ? `https://github.com/${pipeline.githubOwner}/${pipeline.githubRepo}/blob/main/docs/monitoring.md`
          : 'docs/monitoring.md'),
      extraLabels: monitoring.extraLabels,
      ...(monitoring.dashboardNamespace ? { dashboardNamespace: monitoring.dashboardNamespace } : {}),
    });
  }
}

/**
 * The YAML file the server reads at `TOXICITY_CONFIG`: the resolved config, defaults applied, so the
 * pods run with exactly the settings the manifests were synthesized from.
 */
export function renderServerConfig(config: AppConfig): string {
  return `# Resolved toxicity config, synthesized by charts/serving-chart.ts (edit toxicity.config.yaml instead).\n${stringify(config, { lineWidth: 0 })}`;
}

/**
 * Where the public port is admitted from: the edge's own sources. Gateway mode: only Google's front
 * ends, which also health-check `/readyz` on the admin port. LoadBalancer mode: the configured
 * `loadBalancerSourceRanges` when the pods see client addresses (`externalTrafficPolicy: Local`); with
 * `Cluster` a node SNATs them (NOTES: Dataplane V2 sees "world"), so the pods admit every source and the
 * load balancer's firewall does the narrowing; no ranges at all is everyone (synth warns).
 */
export function apiIngress(config: AppConfig): { ingressCidrs: string[]; adminIngressCidrs: string[] } {
  if (config.edge.mode === 'gateway') {
    return { ingressCidrs: [...GOOGLE_FRONT_END_RANGES], adminIngressCidrs: [...GOOGLE_FRONT_END_RANGES] };
  }
  const ranges = config.service.loadBalancerSourceRanges;
  const visible = config.service.externalTrafficPolicy === 'Local' && ranges.length > 0;
  return { ingressCidrs: visible ? [...ranges] : ['0.0.0.0/0'], adminIngressCidrs: [] };
}

/**
 * With a registry model URI the server asks MLflow at every poll: allow egress to the tracking
 * server's port (HTTPS on 443 is already allowed), towards `network.mlflowCidr`.
 */
function registryEgress(config: AppConfig): { registry?: { cidr: string; ports: number[] } } {
  if (!config.model.uri.startsWith('models:')) return {};
  const url = new URL(config.mlflow.trackingUri);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  if (port === 443 && config.network.mlflowCidr === config.network.googleApisCidr) return {};
  return { registry: { cidr: config.network.mlflowCidr, ports: [port] } };
}

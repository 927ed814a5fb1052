import { createHash } from 'node:crypto';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ApiAutoscaler, type ApiAutoscalerOptions } from './api-autoscaler';
import { type ApiServiceExposure, createApiService } from './api-service';
import { resolveToxicityApiProps } from './toxicity-api-props';

type ResolvedApiProps = ReturnType<typeof resolveToxicityApiProps>;
import { canonicalQuantity, isDns1123Subdomain } from './k8s-syntax';
import { checkNonEmpty, propError } from './prop-checks';
import { CONTAINER_NAME, ENV, PORT_NAMES, PROBE_PATHS } from '../contract';

/** CPU, memory and ephemeral-storage requests and limits of the API container. */
export interface ToxicityApiResources {
  /** @default 250 */
  readonly cpuRequestMillis?: number;
  /** @default 1000 */
  readonly cpuLimitMillis?: number;
  /** @default Size.mebibytes(256) */
  readonly memoryRequest?: Size;
  /** @default Size.mebibytes(512) */
  readonly memoryLimit?: Size;
  /** @default Size.mebibytes(64) */
  readonly ephemeralStorageRequest?: Size;
  /** @default Size.mebibytes(256) */
  readonly ephemeralStorageLimit?: Size;
}

/**
 * Who owns the replica count: a fixed number in the Deployment (`static`) or an HPA (`autoscaled`,
 * and then the Deployment has no `replicas` field at all).
 */
export type ToxicityApiScaling =
  | { readonly mode: 'static'; readonly replicas: number }
  | { readonly mode: 'autoscaled'; readonly autoscaler?: ApiAutoscalerOptions };

/** GKE options of the Service. */
export interface ToxicityApiServiceOptions {
  /** A LoadBalancer (L4) Service, or a ClusterIP one with NEGs behind the Gateway (`containerNative`). @default loadBalancer */
  readonly exposure?: ApiServiceExposure;
  /**
   * `Local` keeps client source addresses and skips the second hop; `Cluster` spreads evenly.
   * @default Cluster
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * An internal passthrough load balancer (VPC only) instead of an external one.
   * @default false
   */
  readonly internal?: boolean;
  /**
   * Client CIDRs the load balancer's firewall admits.
   * @default [] (everyone)
   */
  readonly loadBalancerSourceRanges?: readonly string[];
}

/** Where the server finds its JWT signing secret. */
export interface SecretKeyReference {
  /** Secret name (created outside the manifests, never synthesized). */
  readonly name: string;
  /** Key in that Secret. */
  readonly key: string;
  /**
   * What the key holds: one secret (passed as `JWT_SECRET`) or a `kid:secret,…` key ring for
   * rotation (passed as `JWT_SECRETS`).
   * @default 'single'
   */
  readonly format?: 'single' | 'keyring';
}

/** TLS served by the pods themselves, from a `kubernetes.io/tls` Secret mounted read-only. */
export interface ToxicityApiTls {
  /** Secret holding `tls.crt` and `tls.key` (created outside the manifests, e.g. by cert-manager). */
  readonly secretName: string;
  /**
   * How often the server re-reads the files (the kubelet updates a mounted Secret in place).
   * @default Duration.seconds(30)
   */
  readonly reloadInterval?: Duration;
}

export interface ToxicityApiProps {
  /** Name of every object (a DNS-1035 label: the Service needs one). */
  readonly name: string;
  /** Labels of every object and of the pod template; must contain `selectorLabels`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Labels selecting the API pods. Immutable once deployed: keep release-specific values out. */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Container image, pinned by tag or digest (never `latest`). */
  readonly image: string;
  /**
   * Port the server serves the API on.
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Port of the server's admin listener: probes and `/metrics`, in plain HTTP, never behind the Service.
   * @default 9090
   */
  readonly adminPort?: number;
  /**
   * The pods serve the API over HTTPS with this certificate; without it they serve plain HTTP.
   * @default plain HTTP
   */
  readonly tls?: ToxicityApiTls;
  /**
   * Port the LoadBalancer Service exposes.
   * @default 80
   */
  readonly servicePort?: number;
  /**
   * Numeric UID and GID the container runs as (≥ 10000, matching the image's user).
   * @default 10001
   */
  readonly runAsUser?: number;
  /** @default 250m/1000m CPU, 256Mi/512Mi memory, 64Mi/256Mi ephemeral storage */
  readonly resources?: ToxicityApiResources;
  /** @default autoscaled, HPA 2–10 replicas at 70% CPU */
  readonly scaling?: ToxicityApiScaling;
  /** @default external LB, externalTrafficPolicy Cluster, open to everyone */
  readonly service?: ToxicityApiServiceOptions;
  /**
   * GCP service account for Workload Identity (`iam.gke.io/gcp-service-account`).
   * @default none (bind IAM to the Kubernetes ServiceAccount directly)
   */
  readonly gcpServiceAccount?: string;
  /** The JWT secret(s), passed by reference as `JWT_SECRET` or, for a key ring, `JWT_SECRETS`. */
  readonly jwtSecret: SecretKeyReference;
  /** Model the server loads (`MODEL_URI`). */
  readonly modelUri: string;
  /** YAML document the server reads at `TOXICITY_CONFIG` (the resolved config). */
  readonly serverConfig: string;
  /**
   * How long the server keeps serving (readiness 503) after SIGTERM.
   * @default Duration.seconds(10)
   */
  readonly drain?: Duration;
  /**
   * Longest request the server lets run; in-flight requests may take this long to finish.
   * @default Duration.seconds(10)
   */
  readonly requestTimeout?: Duration;
  /**
   * Pause before SIGTERM so endpoints and load balancers stop routing to the pod first.
   * @default Duration.seconds(10)
   */
  readonly preStopDelay?: Duration;
  /**
   * Time from deletion to SIGKILL; must exceed preStopDelay + drain.
   * @default preStopDelay + drain + requestTimeout + 5 s
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo` (at least 5).
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * `kubernetes.io/change-cause` shown by `kubectl rollout history`.
   * @default "deploy <image> (config sha256:<first 12 hex of the config hash>)"
   */
  readonly changeCause?: string;
  /**
   * Size limit of the `/tmp` emptyDir (the only writable path).
   * @default the ephemeral-storage limit
   */
  readonly tmpSizeLimit?: Size;
}

/**
 * The toxicity model server on Kubernetes: a ServiceAccount without a token, a ConfigMap holding the
 * resolved config, a hardened Deployment, a LoadBalancer Service and, in autoscaled mode, an HPA.
 *
 * Contract with the server: it serves the API on `containerPort` (env `PORT`; HTTPS with `tls`, from
 * `TLS_CERT_FILE`/`TLS_KEY_FILE`), answers `GET /healthz` (alive), `GET /readyz` (model loaded) and
 * `GET /metrics` on `adminPort` (env `ADMIN_PORT`, plain HTTP), reads its config from
 * `TOXICITY_CONFIG` (a read-only ConfigMap file), its model from `MODEL_URI`, its JWT secret from
 * `JWT_SECRET`, and writes only to `/tmp`.
 */
export class ToxicityApi extends Construct {
  /** Directory the ConfigMap is mounted at. */
  static readonly CONFIG_DIR = '/etc/toxicity';
  /** ConfigMap key and file name of the server config. */
  static readonly CONFIG_FILE = 'toxicity.config.yaml';
  /** Name of the container and of its port. */
  static readonly CONTAINER_NAME = CONTAINER_NAME;
  static readonly PORT_NAME = PORT_NAMES.http;
  /** Name of the API port when the pods serve TLS. */
  static readonly TLS_PORT_NAME = PORT_NAMES.https;
  /** Name of the admin port (probes, `/metrics`). */
  static readonly ADMIN_PORT_NAME = PORT_NAMES.admin;
  /** Directory the TLS Secret is mounted at. */
  static readonly TLS_DIR = '/etc/toxicity/tls';
  /** Paths the server serves on the container port. */
  static readonly LIVENESS_PATH = PROBE_PATHS.liveness;
  static readonly READINESS_PATH = PROBE_PATHS.readiness;
  static readonly METRICS_PATH = PROBE_PATHS.metrics;
  /**
   * Label on objects that the deploy step must not prune although they are no longer in the manifests
   * (config ConfigMaps of earlier revisions, which `rollout undo` needs); it deletes them once no
   * ReplicaSet of the Deployment mounts them.
   */
  static readonly RETAIN_LABEL = 'toxicity/retain';
  static readonly RETAIN_FOR_ROLLBACK = 'rollback';
  /** Hex digits of the config hash in the ConfigMap's name. */
  static readonly CONFIG_HASH_LENGTH = 10;

  readonly serviceAccount: kplus.ServiceAccount;
  readonly configMap: kplus.ConfigMap;
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  /** The HPA in autoscaled mode; undefined in static mode. */
  readonly autoscaler?: ApiAutoscaler;
  readonly labels: Readonly<Record<string, string>>;
  readonly selectorLabels: Readonly<Record<string, string>>;
  readonly containerPort: number;
  readonly adminPort: number;
  /** Seconds from deletion to SIGKILL: how long a terminating pod may still finish requests. */
  readonly terminationGraceSeconds: number;
  /** Name of the API port: `https` with pod TLS, else `http`. */
  readonly apiPortName: string;
  /**
   * sha256 of the ConfigMap data. Its first hex digits are part of the ConfigMap's name (the ConfigMap
   * is immutable), so a config change is a new ConfigMap and a new pod template, and `kubectl rollout
   * undo` brings back the configuration together with the image.
   */
  readonly configHash: string;

  constructor(scope: Construct, id: string, props: ToxicityApiProps) {
    super(scope, id);
    const resolved = resolveToxicityApiProps(props);
    const { name, image, runAsUser, scaling, replicas, graceSeconds } = resolved;
    this.labels = resolved.labels;
    this.selectorLabels = resolved.selectorLabels;
    this.containerPort = resolved.containerPort;
    this.adminPort = resolved.adminPort;
    this.apiPortName = resolved.apiPortName;
    this.terminationGraceSeconds = graceSeconds;
    const owner = 'ToxicityApi';
    const configData = { [ToxicityApi.CONFIG_FILE]: props.serverConfig, MODEL_URI: props.modelUri };
    this.configHash = createHash('sha256').update(JSON.stringify(configData)).digest('hex');
    const changeCause = checkNonEmpty(
      owner,
      'changeCause',
      props.changeCause ?? `deploy ${image} (config sha256:${this.configHash.slice(0, 12)})`,
    );
    const labels = { ...this.labels };

    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', {
      metadata: {
        name,
        labels,
        ...(props.gcpServiceAccount
          ? { annotations: { 'iam.gke.io/gcp-service-account': props.gcpServiceAccount } }
          : {}),
      },
      automountToken: false,
    });

    this.configMap = new kplus.ConfigMap(this, 'Config', {
      metadata: {
        name: configMapName(name, this.configHash),
        // Kept when the deploy step prunes: older ReplicaSets still mount it (rollout undo).
        labels: { ...labels, [ToxicityApi.RETAIN_LABEL]: ToxicityApi.RETAIN_FOR_ROLLBACK },
      },
      data: configData,
      immutable: true,
    });

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name, labels, annotations: { 'kubernetes.io/change-cause': changeCause } },
      // Stable explicit selector instead of cdk8s-plus's construct-path hash (a selector is immutable).
      select: false,
      podMetadata: { labels, annotations: { 'checksum/config': this.configHash } },
      replicas,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: {
        ensureNonRoot: true,
        user: runAsUser,
        group: runAsUser,
        fsGroup: runAsUser,
        fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH,
      },
      terminationGracePeriod: Duration.seconds(graceSeconds),
      minReady: Duration.seconds(5),
      progressDeadline: Duration.minutes(10),
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...this.selectorLabels } }));

    this.addServerContainer(props, resolved);
    this.patchDeployment(resolved);
    this.service = this.createService(resolved);

    if (scaling.mode === 'autoscaled') {
      this.autoscaler = new ApiAutoscaler(this, 'Autoscaler', {
        ...scaling.autoscaler,
        target: this.deployment,
        name,
        labels,
      });
    }
  }

  /** The server container: ports, env from the ConfigMap and the JWT Secret, probes on the admin port, mounts. */
  private addServerContainer(props: ToxicityApiProps, resolved: ResolvedApiProps): void {
    const { image, tls, tlsReloadSeconds, res, runAsUser, preStopSeconds, tmpSizeMiB } = resolved;
    const port = this.containerPort;
    const adminPort = this.adminPort;
    const container = this.deployment.addContainer({
      name: ToxicityApi.CONTAINER_NAME,
      image,
      // Always: the pull re-checks registry credentials (kube-score, checkov CKV_K8S_15); cheap with a pinned tag.
      imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
      ports: [
        { number: port, name: this.apiPortName, protocol: kplus.Protocol.TCP },
        { number: adminPort, name: ToxicityApi.ADMIN_PORT_NAME, protocol: kplus.Protocol.TCP },
      ],
      envVariables: {
        NODE_ENV: kplus.EnvValue.fromValue('production'),
        PORT: kplus.EnvValue.fromValue(String(port)),
        ADMIN_PORT: kplus.EnvValue.fromValue(String(adminPort)),
        // The memory limit the server checks its request bounds against (request-budget.ts).
        MEMORY_LIMIT_MIB: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.MEMORY_LIMIT, { divisor: '1Mi' }),
        ...(tls
          ? {
              TLS_CERT_FILE: kplus.EnvValue.fromValue(`${ToxicityApi.TLS_DIR}/tls.crt`),
              TLS_KEY_FILE: kplus.EnvValue.fromValue(`${ToxicityApi.TLS_DIR}/tls.key`),
              TLS_RELOAD_SECONDS: kplus.EnvValue.fromValue(String(tlsReloadSeconds)),
            }
          : {}),
        TOXICITY_CONFIG: kplus.EnvValue.fromValue(`${ToxicityApi.CONFIG_DIR}/${ToxicityApi.CONFIG_FILE}`),
        [ENV.modelUri]: kplus.EnvValue.fromConfigMap(this.configMap, ENV.modelUri),
        [props.jwtSecret.format === 'keyring' ? ENV.jwtSecrets : ENV.jwtSecret]: kplus.EnvValue.fromSecretValue({
          secret: kplus.Secret.fromSecretName(this, 'JwtSecret', props.jwtSecret.name),
          key: props.jwtSecret.key,
        }),
      },
      // Startup guards liveness while the process boots; readiness waits for the model.
      // Probes go to the admin port: plain HTTP whatever the API port serves.
      startup: kplus.Probe.fromHttpGet(ToxicityApi.LIVENESS_PATH, {
        port: adminPort,
        periodSeconds: Duration.seconds(2),
        timeoutSeconds: Duration.seconds(1),
        failureThreshold: 30,
      }),
      readiness: kplus.Probe.fromHttpGet(ToxicityApi.READINESS_PATH, {
        port: adminPort,
        periodSeconds: Duration.seconds(5),
        timeoutSeconds: Duration.seconds(2),
        failureThreshold: 2,
        successThreshold: 1,
      }),
      liveness: kplus.Probe.fromHttpGet(ToxicityApi.LIVENESS_PATH, {
        port: adminPort,
        periodSeconds: Duration.seconds(10),
        timeoutSeconds: Duration.seconds(2),
        failureThreshold: 3,
      }),
      lifecycle: {
        // The L1 types of cdk8s-plus-27 (Kubernetes 1.27) have no `sleep` lifecycle action, so the
        // pause is an exec of `sleep`, which the Debian-slim based image ships (coreutils).
        preStop: kplus.Handler.fromCommand(['sleep', String(preStopSeconds)]),
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(res.cpuRequestMillis), limit: kplus.Cpu.millis(res.cpuLimitMillis) },
        memory: { request: Size.mebibytes(res.memoryRequestMiB), limit: Size.mebibytes(res.memoryLimitMiB) },
      },
      securityContext: {
        ensureNonRoot: true,
        user: runAsUser,
        group: runAsUser,
        privileged: false,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      },
    });
    container.mount(
      '/tmp',
      kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(tmpSizeMiB) }),
    );
    container.mount(
      ToxicityApi.CONFIG_DIR,
      kplus.Volume.fromConfigMap(this, 'ConfigVolume', this.configMap, {
        name: 'config',
        defaultMode: 0o444,
        items: { [ToxicityApi.CONFIG_FILE]: { path: ToxicityApi.CONFIG_FILE } },
      }),
      { readOnly: true },
    );
    if (tls) {
      container.mount(
        ToxicityApi.TLS_DIR,
        kplus.Volume.fromSecret(
          this,
          'TlsVolume',
          kplus.Secret.fromSecretName(this, 'TlsSecret', tls.secretName),
          // Mounted as a directory (no subPath), so the kubelet's updates reach the running pod.
          { name: 'tls', defaultMode: 0o440, optional: false },
        ),
        { readOnly: true },
      );
    }
  }

  /** What cdk8s-plus-27 cannot express, patched onto the Deployment (each patch says why). */
  private patchDeployment(resolved: ResolvedApiProps): void {
    const { res, revisionHistoryLimit, tmpSizeMiB } = resolved;
    const c0 = '/spec/template/spec/containers/0';
    ApiObject.of(this.deployment).addJsonPatch(
      // cdk8s-plus-27 has no revisionHistoryLimit prop.
      JsonPatch.add('/spec/revisionHistoryLimit', revisionHistoryLimit),
      // The pod-address label is added even with `select: false`; the explicit labels replace it.
      JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'),
      // No Service env vars injected into the pod (they could shadow PORT-like settings).
      JsonPatch.add('/spec/template/spec/enableServiceLinks', false),
      // cdk8s-plus-27's PodSecurityContext has no seccompProfile.
      JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }),
      // Its Capability enum has no ALL (and prefixes CAP_), so the drop list is patched in.
      JsonPatch.add(`${c0}/securityContext/capabilities`, { drop: ['ALL'] }),
      // Every quantity in the API server's canonical form (1000m is stored as 1), or each apply is a
      // change and a second server-side-apply manager conflicts on it. cdk8s-plus-27 also renders
      // ephemeral storage in whole GiB only. The L1 serializer reads patched resource values through
      // Quantity, so the patch carries Quantity objects, not strings.
      JsonPatch.replace(`${c0}/resources`, {
        requests: {
          cpu: quantity(`${res.cpuRequestMillis}m`),
          memory: quantity(`${res.memoryRequestMiB}Mi`),
          'ephemeral-storage': quantity(`${res.ephemeralRequestMiB}Mi`),
        },
        limits: {
          cpu: quantity(`${res.cpuLimitMillis}m`),
          memory: quantity(`${res.memoryLimitMiB}Mi`),
          'ephemeral-storage': quantity(`${res.ephemeralLimitMiB}Mi`),
        },
      }),
      JsonPatch.replace('/spec/template/spec/volumes/0/emptyDir/sizeLimit', quantity(`${tmpSizeMiB}Mi`)),
      // The server drops `hostNetwork: false` (a non-pointer default), so keeping it is a diff at every apply.
      JsonPatch.remove('/spec/template/spec/hostNetwork'),
      // `spread: true` would emit *required* anti-affinity (one pod per zone at most); soft
      // topology spread keeps pods balanced across zones and nodes without blocking scheduling.
      JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
        spreadConstraint('topology.kubernetes.io/zone', this.selectorLabels),
        spreadConstraint('kubernetes.io/hostname', this.selectorLabels),
      ]),
    );
  }

  /** The Service: the API port only; a LoadBalancer, or a ClusterIP with NEGs behind the Gateway. */
  private createService(resolved: ResolvedApiProps): kplus.Service {
    const { name, servicePort, service, trafficPolicy, sourceRanges, exposure, tls } = resolved;
    const svc = createApiService(this, 'Service', {
      name,
      labels: this.labels,
      selectorLabels: this.selectorLabels,
      portName: this.apiPortName,
      servicePort,
      targetPort: this.containerPort,
      exposure,
      internal: service.internal ?? false,
      trafficPolicy,
      sourceRanges,
      tls: tls !== undefined,
    });
    return svc;
  }
}

/** Name of the config ConfigMap for an app name and config hash (kept a valid subdomain). */
export function configMapName(name: string, configHash: string): string {
  const result = `${name}-config-${configHash.slice(0, ToxicityApi.CONFIG_HASH_LENGTH)}`;
  if (!isDns1123Subdomain(result)) throw propError('ToxicityApi', 'name', 'is too long for a ConfigMap name', name);
  return result;
}

function spreadConstraint(
  topologyKey: string,
  selectorLabels: Readonly<Record<string, string>>,
): Record<string, unknown> {
  return {
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { ...selectorLabels } },
    // Spread each rollout's pods on their own, not old and new ReplicaSets together.
    matchLabelKeys: ['pod-template-hash'],
  };
}

function quantity(value: string): kplus.k8s.Quantity {
  return kplus.k8s.Quantity.fromString(canonicalQuantity(value));
}

import { Duration, Size } from 'cdk8s';
import { PORT_NAMES } from '../contract';
import {
  checkCidr,
  checkInteger,
  checkLabels,
  checkMebibytes,
  checkName,
  checkNonEmpty,
  checkPinnedImage,
  checkSeconds,
  propError,
} from './prop-checks';
import type { ToxicityApiProps, ToxicityApiResources } from './toxicity-api';

/**
 * Checks every prop of `ToxicityApi` and applies its defaults, throwing an error that names the prop and its
 * value; the construct then only builds objects from the result.
 */
export function resolveToxicityApiProps(props: ToxicityApiProps) {
  const owner = 'ToxicityApi';
  const name = checkName(owner, 'name', props.name, 'dns1035-label');
  const labels = checkLabels(owner, 'labels', props.labels);
  const selectorLabels = checkLabels(owner, 'selectorLabels', props.selectorLabels);
  if (Object.keys(selectorLabels).length === 0) {
    throw propError(owner, 'selectorLabels', 'must not be empty', selectorLabels);
  }
  for (const [key, value] of Object.entries(selectorLabels)) {
    if (labels[key] !== value) {
      throw propError(owner, `labels.${key}`, `must equal the selector label (${JSON.stringify(value)})`, labels[key]);
    }
  }
  const image = checkPinnedImage(owner, 'image', props.image);
  const containerPort = checkInteger(owner, 'containerPort', props.containerPort ?? 8080, 1, 65535);
  const adminPort = checkInteger(owner, 'adminPort', props.adminPort ?? 9090, 1, 65535);
  if (adminPort === containerPort) {
    throw propError(owner, 'adminPort', `must differ from containerPort (${containerPort})`, adminPort);
  }
  const tls = props.tls;
  if (tls) checkName(owner, 'tls.secretName', tls.secretName, 'dns1123-subdomain');
  const tlsReloadSeconds = tls
    ? checkSeconds(owner, 'tls.reloadInterval', tls.reloadInterval ?? Duration.seconds(30), 1, 3600)
    : 0;
  const apiPortName = tls ? PORT_NAMES.https : PORT_NAMES.http;
  const servicePort = checkInteger(owner, 'servicePort', props.servicePort ?? (tls ? 443 : 80), 1, 65535);
  const runAsUser = checkInteger(owner, 'runAsUser', props.runAsUser ?? 10001, 10000, 2147483647);
  const res = resolveResources(owner, props.resources ?? {});
  const scaling = props.scaling ?? { mode: 'autoscaled' };
  if (scaling.mode !== 'static' && scaling.mode !== 'autoscaled') {
    throw propError(owner, 'scaling.mode', 'must be static or autoscaled', (scaling as { mode: unknown }).mode);
  }
  const replicas =
    scaling.mode === 'static' ? checkInteger(owner, 'scaling.replicas', scaling.replicas, 1, 1000) : undefined;
  const service = props.service ?? {};
  const exposure = service.exposure ?? 'loadBalancer';
  if (exposure !== 'loadBalancer' && exposure !== 'containerNative') {
    throw propError(owner, 'service.exposure', 'must be loadBalancer or containerNative', exposure);
  }
  if (exposure === 'containerNative') {
    for (const key of ['externalTrafficPolicy', 'internal', 'loadBalancerSourceRanges'] as const) {
      if (service[key] !== undefined) {
        throw propError(
          owner,
          `service.${key}`,
          'applies to a LoadBalancer Service only; leave it out with exposure containerNative',
          service[key],
        );
      }
    }
  }
  const trafficPolicy = service.externalTrafficPolicy ?? 'Cluster';
  if (trafficPolicy !== 'Cluster' && trafficPolicy !== 'Local') {
    throw propError(owner, 'service.externalTrafficPolicy', 'must be Cluster or Local', trafficPolicy);
  }
  const sourceRanges = (service.loadBalancerSourceRanges ?? []).map((cidr, i) =>
    checkCidr(owner, `service.loadBalancerSourceRanges[${i}]`, cidr),
  );
  if (
    props.gcpServiceAccount !== undefined &&
    !/^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z0-9-]+\.iam\.gserviceaccount\.com$/.test(props.gcpServiceAccount)
  ) {
    throw propError(
      owner,
      'gcpServiceAccount',
      'must be a GCP service account e-mail (<name>@<project>.iam.gserviceaccount.com)',
      props.gcpServiceAccount,
    );
  }
  checkName(owner, 'jwtSecret.name', props.jwtSecret.name, 'dns1123-subdomain');
  if (!/^[-._a-zA-Z0-9]+$/.test(props.jwtSecret.key)) {
    throw propError(owner, 'jwtSecret.key', 'must be a Secret key (alphanumerics, "-", "_", ".")', props.jwtSecret.key);
  }
  checkNonEmpty(owner, 'modelUri', props.modelUri);
  checkNonEmpty(owner, 'serverConfig', props.serverConfig);
  const drainSeconds = checkSeconds(owner, 'drain', props.drain ?? Duration.seconds(10), 0, 600);
  // Rounded up to whole seconds: the grace period is in seconds and must not fall short.
  const requestTimeoutSeconds = checkSeconds(
    owner,
    'requestTimeout',
    roundUpToSeconds(props.requestTimeout ?? Duration.seconds(10)),
    1,
    600,
  );
  const preStopSeconds = checkSeconds(owner, 'preStopDelay', props.preStopDelay ?? Duration.seconds(10), 1, 120);
  const graceSeconds = checkSeconds(
    owner,
    'terminationGracePeriod',
    props.terminationGracePeriod ?? Duration.seconds(preStopSeconds + drainSeconds + requestTimeoutSeconds + 5),
    1,
    3600,
  );
  if (graceSeconds <= preStopSeconds + drainSeconds) {
    throw propError(
      owner,
      'terminationGracePeriod',
      `must exceed preStopDelay + drain (${preStopSeconds + drainSeconds}s) or pods are killed mid-drain`,
      Duration.seconds(graceSeconds),
    );
  }
  const revisionHistoryLimit = checkInteger(owner, 'revisionHistoryLimit', props.revisionHistoryLimit ?? 10, 5, 1000);
  const tmpSizeMiB = checkMebibytes(owner, 'tmpSizeLimit', props.tmpSizeLimit ?? Size.mebibytes(res.ephemeralLimitMiB));
  if (tmpSizeMiB > res.ephemeralLimitMiB) {
    throw propError(
      owner,
      'tmpSizeLimit',
      `must be <= the ephemeral-storage limit (${res.ephemeralLimitMiB}Mi)`,
      props.tmpSizeLimit,
    );
  }

  return {
    name,
    labels,
    selectorLabels,
    image,
    containerPort,
    adminPort,
    tls,
    tlsReloadSeconds,
    apiPortName,
    servicePort,
    runAsUser,
    res,
    scaling,
    replicas,
    service,
    trafficPolicy,
    sourceRanges,
    exposure,
    preStopSeconds,
    graceSeconds,
    revisionHistoryLimit,
    tmpSizeMiB,
  };
}

function roundUpToSeconds(d: Duration): Duration {
  return Duration.seconds(Math.ceil(d.toMilliseconds() / 1000));
}

interface ResolvedResources {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryRequestMiB: number;
  readonly memoryLimitMiB: number;
  readonly ephemeralRequestMiB: number;
  readonly ephemeralLimitMiB: number;
}

function resolveResources(owner: string, r: ToxicityApiResources): ResolvedResources {
  const out: ResolvedResources = {
    cpuRequestMillis: checkInteger(owner, 'resources.cpuRequestMillis', r.cpuRequestMillis ?? 250, 1, 1_000_000),
    cpuLimitMillis: checkInteger(owner, 'resources.cpuLimitMillis', r.cpuLimitMillis ?? 1000, 1, 1_000_000),
    memoryRequestMiB: checkMebibytes(owner, 'resources.memoryRequest', r.memoryRequest ?? Size.mebibytes(256)),
    memoryLimitMiB: checkMebibytes(owner, 'resources.memoryLimit', r.memoryLimit ?? Size.mebibytes(512)),
    ephemeralRequestMiB: checkMebibytes(
      owner,
      'resources.ephemeralStorageRequest',
      r.ephemeralStorageRequest ?? Size.mebibytes(64),
    ),
    ephemeralLimitMiB: checkMebibytes(
      owner,
      'resources.ephemeralStorageLimit',
      r.ephemeralStorageLimit ?? Size.mebibytes(256),
    ),
  };
  const pairs: [string, number, string, number][] = [
    ['cpuRequestMillis', out.cpuRequestMillis, 'cpuLimitMillis', out.cpuLimitMillis],
    ['memoryRequest', out.memoryRequestMiB, 'memoryLimit', out.memoryLimitMiB],
    ['ephemeralStorageRequest', out.ephemeralRequestMiB, 'ephemeralStorageLimit', out.ephemeralLimitMiB],
  ];
  for (const [reqName, req, limName, lim] of pairs) {
    if (req > lim) throw propError(owner, `resources.${reqName}`, `must be <= resources.${limName} (${lim})`, req);
  }
  return out;
}

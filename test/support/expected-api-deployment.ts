/**
 * The Deployment `ToxicityApi` synthesizes, field by field, for the default resources, probes and
 * hardening: the one expectation the construct test and the serving chart test both assert, each with
 * its own names, labels, image and TLS setting.
 */
export interface ExpectedApiDeployment {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly image: string;
  /** sha256 of the ConfigMap data (the pod template's `checksum/config`). */
  readonly hash: string;
  /** Static replica count; omitted when autoscaled. */
  readonly replicas?: number;
  /** Name of the mounted TLS Secret when the pods serve HTTPS. */
  readonly tlsSecret?: string;
}

export function expectedApiDeployment(o: ExpectedApiDeployment): Record<string, unknown> {
  const configMap = `${o.name}-config-${o.hash.slice(0, 10)}`;
  const tls = o.tlsSecret !== undefined;
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: o.selector },
    matchLabelKeys: ['pod-template-hash'],
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      labels: o.labels,
      annotations: { 'kubernetes.io/change-cause': `deploy ${o.image} (config sha256:${o.hash.slice(0, 12)})` },
    },
    spec: {
      ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
      minReadySeconds: 5,
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      selector: { matchLabels: o.selector },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: o.labels, annotations: { 'checksum/config': o.hash } },
        spec: {
          automountServiceAccountToken: false,
          serviceAccountName: o.name,
          enableServiceLinks: false,
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          setHostnameAsFQDN: false,
          terminationGracePeriodSeconds: 35,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            fsGroupChangePolicy: 'OnRootMismatch',
            seccompProfile: { type: 'RuntimeDefault' },
          },
          topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
          volumes: [
            { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
            {
              name: 'config',
              configMap: {
                name: configMap,
                defaultMode: 0o444,
                items: [{ key: 'toxicity.config.yaml', path: 'toxicity.config.yaml' }],
              },
            },
            ...(tls ? [{ name: 'tls', secret: { secretName: o.tlsSecret, defaultMode: 0o440, optional: false } }] : []),
          ],
          containers: [
            {
              name: 'api',
              image: o.image,
              imagePullPolicy: 'Always',
              ports: [
                { containerPort: 8080, name: tls ? 'https' : 'http', protocol: 'TCP' },
                { containerPort: 9090, name: 'admin', protocol: 'TCP' },
              ],
              env: [
                { name: 'NODE_ENV', value: 'production' },
                { name: 'PORT', value: '8080' },
                { name: 'ADMIN_PORT', value: '9090' },
                {
                  name: 'MEMORY_LIMIT_MIB',
                  valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
                },
                ...(tls
                  ? [
                      { name: 'TLS_CERT_FILE', value: '/etc/toxicity/tls/tls.crt' },
                      { name: 'TLS_KEY_FILE', value: '/etc/toxicity/tls/tls.key' },
                      { name: 'TLS_RELOAD_SECONDS', value: '30' },
                    ]
                  : []),
                { name: 'TOXICITY_CONFIG', value: '/etc/toxicity/toxicity.config.yaml' },
                { name: 'MODEL_URI', valueFrom: { configMapKeyRef: { name: configMap, key: 'MODEL_URI' } } },
                { name: 'JWT_SECRET', valueFrom: { secretKeyRef: { name: `${o.name}-jwt`, key: 'jwt-secret' } } },
              ],
              startupProbe: {
                httpGet: { path: '/healthz', port: 9090, scheme: 'HTTP' },
                periodSeconds: 2,
                timeoutSeconds: 1,
                failureThreshold: 30,
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 9090, scheme: 'HTTP' },
                periodSeconds: 5,
                timeoutSeconds: 2,
                failureThreshold: 2,
                successThreshold: 1,
              },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 9090, scheme: 'HTTP' },
                periodSeconds: 10,
                timeoutSeconds: 2,
                failureThreshold: 3,
              },
              lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } },
              resources: {
                requests: { cpu: '250m', memory: '256Mi', 'ephemeral-storage': '64Mi' },
                limits: { cpu: '1', memory: '512Mi', 'ephemeral-storage': '256Mi' },
              },
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 10001,
                runAsGroup: 10001,
                privileged: false,
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
              volumeMounts: [
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'config', mountPath: '/etc/toxicity', readOnly: true },
                ...(tls ? [{ name: 'tls', mountPath: '/etc/toxicity/tls', readOnly: true }] : []),
              ],
            },
          ],
        },
      },
    },
  };
}

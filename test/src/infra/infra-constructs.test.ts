import {
  AlertRouting,
  GcpServiceAccount,
  GcsBucket,
  IamGrant,
  ManagedSecret,
  VpcNetwork,
  grantProblem,
  objectName,
  overlaps,
  parseCidr,
  parseServiceAccountEmail,
  promToSeconds,
} from '../../../src/infra';
import { synthConstructs } from '../../support/k8s-manifests';

const projectId = 'acme-prod';
const network = {
  projectId,
  region: 'europe-west1',
  name: 'vpc',
  nodesCidr: '10.10.0.0/20',
  podsCidr: '10.20.0.0/14',
  servicesCidr: '10.24.0.0/20',
  privateNodes: true,
  privateServicesPrefixLength: 20,
};

describe('the infra constructs', () => {
  it('parse CIDRs into address ranges and tell overlapping ones', () => {
    expect(parseCidr('x', '10.0.0.0/24')).toEqual([167772160, 167772415]);
    expect(overlaps(parseCidr('a', '10.0.0.0/8'), parseCidr('b', '10.20.0.0/14'))).toBe(true);
    expect(overlaps(parseCidr('a', '10.10.0.0/20'), parseCidr('b', '10.20.0.0/14'))).toBe(false);
  });

  it('throw when a CIDR is malformed or has host bits set', () => {
    expect(() => parseCidr('podsCidr', '10.0.0.300/24')).toThrow(
      `'podsCidr' must be an IPv4 CIDR, got "10.0.0.300/24"`,
    );
    expect(() => parseCidr('podsCidr', '10.0.0.1/24')).toThrow(`'podsCidr' has host bits set, got "10.0.0.1/24"`);
  });

  it('throw when the VPC ranges overlap', () => {
    expect(() =>
      synthConstructs((s) => new VpcNetwork(s, 'Net', { ...network, servicesCidr: '10.21.0.0/20' })),
    ).toThrow("VpcNetwork: 'podsCidr' (10.20.0.0/14) overlaps 'servicesCidr' (10.21.0.0/20)");
  });

  it('leave the router and NAT out when the nodes have public IPs', () => {
    const kinds = (privateNodes: boolean) =>
      synthConstructs((s) => new VpcNetwork(s, 'Net', { ...network, privateNodes })).map((m) => m.kind);
    expect(kinds(true)).toContain('ComputeRouterNAT');
    expect(kinds(false)).not.toContain('ComputeRouterNAT');
  });

  it('refuse basic roles, project-wide data roles and grants without a one-line reason', () => {
    const grant = (role: string, reason = 'because', onProject = true) =>
      synthConstructs(
        (s) =>
          new IamGrant(s, 'G', {
            projectId,
            principal: { member: 'user:a@acme.test' },
            role,
            on: onProject
              ? { project: projectId }
              : {
                  kind: 'StorageBucket',
                  apiVersion: 'storage.cnrm.cloud.google.com/v1beta1',
                  objectName: 'b',
                  name: 'b',
                },
            reason,
          }),
      );
    expect(() => grant('roles/owner')).toThrow('basic role roles/owner is never granted');
    expect(() => grant('roles/storage.objectAdmin')).toThrow(
      'must be granted on the bucket or secret, not the whole project',
    );
    expect(() => grant('roles/storage.objectAdmin', 'reads', false)).not.toThrow();
    expect(() => grant('roles/logging.logWriter', '')).toThrow("'reason' must be one non-empty line");
    expect(() => grant('roles/logging.logWriter', 'two\nlines')).toThrow("'reason' must be one non-empty line");
    expect(grantProblem('editor', false)).toBe('role must be a predefined role roles/<service>.<name>, got "editor"');
  });

  it('throw on names Google Cloud refuses', () => {
    expect(() =>
      synthConstructs((s) => new GcsBucket(s, 'B', { projectId, name: 'goog-data', location: 'eu' })),
    ).toThrow("GcsBucket: 'name' must be a bucket name");
    expect(() => synthConstructs((s) => new ManagedSecret(s, 'S', { projectId, name: 'a/b' }))).toThrow(
      `ManagedSecret: 'name' must be 1-255 of [A-Za-z0-9_-], got "a/b"`,
    );
    expect(() =>
      synthConstructs(
        (s) => new GcpServiceAccount(s, 'A', { projectId, accountId: 'ab', displayName: 'x', description: 'y' }),
      ),
    ).toThrow('GcpServiceAccount: \'accountId\' must be 6-30 of [-a-z0-9] starting with a letter, got "ab"');
  });

  it('give a Kubernetes object name and the Google name in resourceID when they differ', () => {
    expect(objectName('My_Secret')).toBe('my-secret');
    const [secret] = synthConstructs((s) => new ManagedSecret(s, 'S', { projectId, name: 'My_Secret' }));
    expect(secret.metadata.name).toBe('my-secret');
    expect(secret.spec.resourceID).toBe('My_Secret');
  });

  it('read service account e-mails and refuse other members', () => {
    expect(parseServiceAccountEmail('x', 'toxicity-api@acme-prod.iam.gserviceaccount.com')).toEqual({
      accountId: 'toxicity-api',
      projectId: 'acme-prod',
    });
    expect(() =>
      parseServiceAccountEmail('pipeline.serviceAccount', '123-compute@developer.gserviceaccount.com'),
    ).toThrow("'pipeline.serviceAccount' must be a user-managed service account e-mail");
  });

  it('convert Prometheus durations to Monitoring API seconds', () => {
    expect(promToSeconds('0s')).toBe('0s');
    expect(promToSeconds('1h30m')).toBe('5400s');
    expect(() => promToSeconds('5 minutes')).toThrow('not a Prometheus duration: "5 minutes"');
  });

  it('throw when alert routing has no alert or a bad e-mail', () => {
    const routing = (email: string | null, n: number) =>
      synthConstructs(
        (s) =>
          new AlertRouting(s, 'A', {
            projectId,
            email,
            evaluationIntervalSeconds: 30,
            alerts: Array.from({ length: n }, () => ({
              name: 'X',
              expr: 'up == 0',
              for: '5m',
              severity: 'critical',
              runbookUrl: 'u',
            })),
          }),
      );
    expect(() => routing(null, 0)).toThrow("AlertRouting: 'alerts' must not be empty");
    expect(() => routing('oncall', 1)).toThrow(`AlertRouting: 'email' must be an e-mail address, got "oncall"`);
    const objects = routing(null, 1);
    expect(objects.map((o) => o.kind)).toEqual(['MonitoringAlertPolicy']);
    expect(objects[0].spec.notificationChannels).toBeUndefined();
  });
});

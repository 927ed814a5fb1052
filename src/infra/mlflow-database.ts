import { Construct } from 'constructs';
import { SqlDatabase, SqlInstance, SqlUser } from './imports/sql.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';
import type { VpcNetwork } from './vpc-network';

export interface MlflowDatabaseProps {
  readonly projectId: string;
  readonly region: string;
  readonly instance: string;
  readonly database: string;
  /** `POSTGRES_<major>`. */
  readonly version: string;
  readonly tier: string;
  readonly diskSizeGb: number;
  readonly availability: 'ZONAL' | 'REGIONAL';
  readonly user: string;
  /**
   * Kubernetes Secret (in the Config Connector namespace) and key holding the user's password;
   * Config Connector reads it to set the password. Created out of band from the same value as the
   * Secret Manager secret (docs/infrastructure.md).
   */
  readonly passwordSecret: { readonly name: string; readonly key: string };
  readonly network: VpcNetwork;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * Cloud SQL for PostgreSQL for MLflow's backend store: private IP only (reached through the VPC's
 * private services access, by the Cloud SQL Auth Proxy), TLS required, daily backups with
 * point-in-time recovery, deletion protection, and abandoned on delete.
 */
export class MlflowDatabase extends Construct {
  readonly instanceName: string;
  readonly databaseName: string;
  readonly userName: string;
  /** `<project>:<region>:<instance>`, what the Cloud SQL Auth Proxy connects to. */
  readonly connectionName: string;

  constructor(scope: Construct, id: string, props: MlflowDatabaseProps) {
    super(scope, id);
    if (!Number.isInteger(props.diskSizeGb) || props.diskSizeGb < 10) {
      throw new Error(`MlflowDatabase: 'diskSizeGb' must be an integer >= 10, got ${props.diskSizeGb}`);
    }
    this.instanceName = props.instance;
    this.databaseName = props.database;
    this.userName = props.user;
    this.connectionName = `${props.projectId}:${props.region}:${props.instance}`;
    const stateful = (name: string) =>
      gcpMetadata({ name, projectId: props.projectId, labels: props.labels, abandon: true });

    new SqlInstance(this, 'Instance', {
      metadata: {
        ...stateful(props.instance),
        // Cloud SQL needs the peering before it can take a private IP.
        annotations: {
          ...stateful(props.instance).annotations,
          'cnrm.cloud.google.com/dependencies': `ServiceNetworkingConnection/${props.network.privateServicesConnectionName}`,
        },
      },
      spec: {
        region: props.region,
        databaseVersion: props.version,
        settings: {
          tier: props.tier,
          availabilityType: props.availability,
          diskType: 'PD_SSD',
          diskSize: props.diskSizeGb,
          diskAutoresize: true,
          deletionProtectionEnabled: true,
          backupConfiguration: {
            enabled: true,
            pointInTimeRecoveryEnabled: true,
            startTime: '02:00',
            transactionLogRetentionDays: 7,
            backupRetentionSettings: { retainedBackups: 14, retentionUnit: 'COUNT' },
          },
          ipConfiguration: {
            ipv4Enabled: false,
            privateNetworkRef: { name: props.network.networkObjectName },
            sslMode: 'ENCRYPTED_ONLY',
          },
          maintenanceWindow: { day: 7, hour: 3, updateTrack: 'stable' },
        },
      },
    });
    new SqlDatabase(this, 'Database', {
      metadata: stateful(props.database.toLowerCase().replace(/_/g, '-')),
      spec: { instanceRef: { name: props.instance }, resourceId: props.database, charset: 'UTF8' },
    });
    new SqlUser(this, 'User', {
      metadata: stateful(`${props.instance}-${props.user.toLowerCase().replace(/_/g, '-')}`),
      spec: {
        instanceRef: { name: props.instance },
        resourceId: props.user,
        type: 'BUILT_IN',
        password: { valueFrom: { secretKeyRef: { name: props.passwordSecret.name, key: props.passwordSecret.key } } },
      },
    });
  }
}

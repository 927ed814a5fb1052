import { Construct } from 'constructs';
import { ContainerCluster, ContainerNodePool } from './imports/container.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';
import type { GcpServiceAccount } from './service-accounts';
import type { VpcNetwork } from './vpc-network';

export interface GkeClusterProps {
  readonly projectId: string;
  readonly name: string;
  /** A zone (zonal cluster) or the region (regional cluster). */
  readonly location: string;
  readonly network: VpcNetwork;
  readonly releaseChannel: 'RAPID' | 'REGULAR' | 'STABLE';
  /** Private nodes; the control plane keeps its public endpoint. */
  readonly privateNodes: boolean;
  /** /28 of the control plane when the nodes are private. */
  readonly masterCidr: string;
  readonly nodeServiceAccount: GcpServiceAccount;
  readonly machineType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly diskSizeGb: number;
  /**
   * Install GKE's Gateway API controller and CRDs (standard channel), for the Gateway edge mode
   * (cloud.google.com/kubernetes-engine/docs/how-to/deploying-gateways#enable-gateway).
   * @default false
   */
  readonly gatewayApi?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The GKE cluster and its one node pool. Workload Identity (pods get their own Google identity),
 * Dataplane V2 (`ADVANCED_DATAPATH`: without it, or Calico, GKE ignores NetworkPolicy silently),
 * shielded nodes, Managed Prometheus, a release channel, and no default node pool (Config Connector
 * removes it: cloud.google.com/config-connector/docs/reference/resource-docs/container/containercluster).
 * The pool uses `GKE_METADATA`, so a pod's metadata requests reach the GKE metadata server, never
 * the node's own token.
 */
export class GkeCluster extends Construct {
  readonly clusterName: string;
  readonly location: string;
  readonly nodePoolName: string;
  /** Workload Identity pool, `<project>.svc.id.goog`. */
  readonly workloadPool: string;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    if (!Number.isInteger(props.minNodes) || props.minNodes < 0) {
      throw new Error(`GkeCluster: 'minNodes' must be an integer >= 0, got ${props.minNodes}`);
    }
    if (!Number.isInteger(props.maxNodes) || props.maxNodes < Math.max(1, props.minNodes)) {
      throw new Error(`GkeCluster: 'maxNodes' must be an integer >= max(1, minNodes), got ${props.maxNodes}`);
    }
    this.clusterName = props.name;
    this.location = props.location;
    this.nodePoolName = `${props.name}-pool`;
    this.workloadPool = `${props.projectId}.svc.id.goog`;
    const net = props.network;

    new ContainerCluster(this, 'Cluster', {
      metadata: gcpMetadata({
        name: props.name,
        projectId: props.projectId,
        labels: props.labels,
        annotations: { 'cnrm.cloud.google.com/remove-default-node-pool': 'true' },
      }),
      spec: {
        location: props.location,
        initialNodeCount: 1,
        networkRef: { name: net.networkObjectName },
        subnetworkRef: { name: net.subnetObjectName },
        networkingMode: 'VPC_NATIVE',
        ipAllocationPolicy: {
          clusterSecondaryRangeName: net.podsRangeName,
          servicesSecondaryRangeName: net.servicesRangeName,
        },
        datapathProvider: 'ADVANCED_DATAPATH',
        workloadIdentityConfig: { workloadPool: this.workloadPool },
        releaseChannel: { channel: props.releaseChannel },
        enableShieldedNodes: true,
        monitoringConfig: {
          enableComponents: ['SYSTEM_COMPONENTS'],
          managedPrometheus: { enabled: true },
        },
        loggingConfig: { enableComponents: ['SYSTEM_COMPONENTS', 'WORKLOADS'] },
        ...(props.gatewayApi ? { gatewayApiConfig: { channel: 'CHANNEL_STANDARD' } } : {}),
        ...(props.privateNodes
          ? {
              privateClusterConfig: {
                enablePrivateNodes: true,
                enablePrivateEndpoint: false,
                masterIpv4CidrBlock: props.masterCidr,
              },
            }
          : {}),
      },
    });

    new ContainerNodePool(this, 'NodePool', {
      metadata: gcpMetadata({ name: this.nodePoolName, projectId: props.projectId, labels: props.labels }),
      spec: {
        clusterRef: { name: props.name },
        location: props.location,
        initialNodeCount: Math.max(1, props.minNodes),
        autoscaling: { minNodeCount: props.minNodes, maxNodeCount: props.maxNodes },
        management: { autoRepair: true, autoUpgrade: true },
        nodeConfig: {
          machineType: props.machineType,
          diskSizeGb: props.diskSizeGb,
          diskType: 'pd-balanced',
          imageType: 'COS_CONTAINERD',
          serviceAccountRef: { name: props.nodeServiceAccount.objectName },
          oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
          workloadMetadataConfig: { mode: 'GKE_METADATA' },
          shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        },
      },
    });
  }
}

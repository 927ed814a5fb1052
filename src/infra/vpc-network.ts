import { Construct } from 'constructs';
import {
  ComputeAddress,
  ComputeNetwork,
  ComputeRouter,
  ComputeRouterNat,
  ComputeSubnetwork,
} from './imports/compute.cnrm.cloud.google.com';
import { ServiceNetworkingConnection } from './imports/servicenetworking.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';

export interface VpcNetworkProps {
  readonly projectId: string;
  readonly region: string;
  /** VPC name; the subnet, router and ranges are named after it. */
  readonly name: string;
  readonly nodesCidr: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
  /** Nodes without public IPs reach the internet through Cloud NAT. */
  readonly privateNodes: boolean;
  /** Prefix length of the range reserved for Google-managed services (Cloud SQL, the build pool). */
  readonly privateServicesPrefixLength: number;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The VPC: a custom-mode network, one regional subnet with secondary ranges for pods and Services
 * (VPC-native cluster) and Private Google Access, Cloud Router + NAT when the nodes are private, and
 * private services access (a reserved range peered with servicenetworking) for Cloud SQL's private
 * IP and the Cloud Build worker pool.
 */
export class VpcNetwork extends Construct {
  readonly networkName: string;
  readonly subnetName: string;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** Name of the reserved range peered with Google-managed services. */
  readonly privateServicesRangeName: string;
  /** Object names, for `*Ref.name` fields of other objects. */
  readonly networkObjectName: string;
  readonly subnetObjectName: string;
  /** The peering object: Cloud SQL and the worker pool need it before they can be created. */
  readonly privateServicesConnectionName: string;

  constructor(scope: Construct, id: string, props: VpcNetworkProps) {
    super(scope, id);
    const cidrs = { nodesCidr: props.nodesCidr, podsCidr: props.podsCidr, servicesCidr: props.servicesCidr };
    const ranges = Object.entries(cidrs).map(([k, v]) => [k, parseCidr(k, v)] as const);
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        const [a, ra] = ranges[i];
        const [b, rb] = ranges[j];
        if (overlaps(ra, rb))
          throw new Error(
            `VpcNetwork: '${a}' (${cidrs[a as keyof typeof cidrs]}) overlaps '${b}' (${cidrs[b as keyof typeof cidrs]})`,
          );
      }
    }
    const meta = (name: string) => gcpMetadata({ name, projectId: props.projectId, labels: props.labels });
    this.networkName = props.name;
    this.networkObjectName = props.name;
    this.subnetName = `${props.name}-${props.region}`;
    this.subnetObjectName = this.subnetName;
    this.podsRangeName = 'pods';
    this.servicesRangeName = 'services';
    this.privateServicesRangeName = `${props.name}-google-services`;
    this.privateServicesConnectionName = `${props.name}-google-services`;

    new ComputeNetwork(this, 'Network', {
      metadata: meta(this.networkObjectName),
      spec: { autoCreateSubnetworks: false, routingMode: 'REGIONAL' },
    });
    const networkRef = { name: this.networkObjectName };
    new ComputeSubnetwork(this, 'Subnet', {
      metadata: meta(this.subnetObjectName),
      spec: {
        networkRef,
        region: props.region,
        ipCidrRange: props.nodesCidr,
        // Private Google Access: nodes without public IPs still reach Google APIs (storage, registry).
        privateIpGoogleAccess: true,
        secondaryIpRange: [
          { rangeName: this.podsRangeName, ipCidrRange: props.podsCidr },
          { rangeName: this.servicesRangeName, ipCidrRange: props.servicesCidr },
        ],
      },
    });
    if (props.privateNodes) {
      const routerName = `${props.name}-router`;
      new ComputeRouter(this, 'Router', { metadata: meta(routerName), spec: { networkRef, region: props.region } });
      new ComputeRouterNat(this, 'Nat', {
        metadata: meta(`${props.name}-nat`),
        spec: {
          region: props.region,
          routerRef: { name: routerName },
          natIpAllocateOption: 'AUTO_ONLY',
          sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
          logConfig: { enable: true, filter: 'ERRORS_ONLY' },
        },
      });
    }
    // Private services access (cloud.google.com/vpc/docs/configure-private-services-access).
    new ComputeAddress(this, 'PrivateServicesRange', {
      metadata: meta(this.privateServicesRangeName),
      spec: {
        location: 'global',
        addressType: 'INTERNAL',
        purpose: 'VPC_PEERING',
        prefixLength: props.privateServicesPrefixLength,
        networkRef,
      },
    });
    new ServiceNetworkingConnection(this, 'PrivateServicesConnection', {
      metadata: meta(this.privateServicesConnectionName),
      spec: {
        networkRef,
        service: 'servicenetworking.googleapis.com',
        reservedPeeringRanges: [{ name: this.privateServicesRangeName }],
      },
    });
  }
}

/** Parses `a.b.c.d/n` into [first, last] as numbers; throws naming the prop. */
export function parseCidr(what: string, cidr: string): [number, number] {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : -1;
  if (!m || octets.some((o) => o > 255) || bits > 32) throw new Error(`'${what}' must be an IPv4 CIDR, got "${cidr}"`);
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  if (base % size !== 0) throw new Error(`'${what}' has host bits set, got "${cidr}"`);
  return [base, base + size - 1];
}

export function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] <= b[1] && b[0] <= a[1];
}

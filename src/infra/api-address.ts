import { Construct } from 'constructs';
import { ComputeAddress } from './imports/compute.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';

export interface ApiAddressProps {
  readonly projectId: string;
  readonly region: string;
  readonly name: string;
  /**
   * A global address, for the Gateway mode's global external Application Load Balancer (the Gateway
   * names it in `spec.addresses`); else a regional one for the L4 LoadBalancer Service.
   * @default false
   */
  readonly global?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A reserved external IPv4 address for the API's load balancer (regional, or global in Gateway mode), so the address survives
 * re-creating the Service; abandoned on delete (clients and DNS records point at it).
 */
export class ApiAddress extends Construct {
  readonly addressName: string;

  constructor(scope: Construct, id: string, props: ApiAddressProps) {
    super(scope, id);
    this.addressName = props.name;
    new ComputeAddress(this, 'Resource', {
      metadata: gcpMetadata({ name: props.name, projectId: props.projectId, labels: props.labels, abandon: true }),
      spec: {
        location: props.global ? 'global' : props.region,
        addressType: 'EXTERNAL',
        // A global address exists only in the Premium tier.
        networkTier: 'PREMIUM',
        ipVersion: 'IPV4',
        description: 'Load balancer of the toxicity API',
      },
    });
  }
}

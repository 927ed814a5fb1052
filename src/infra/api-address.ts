import { Construct } from 'constructs';
import { ComputeAddress } from './imports/compute.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';

export interface ApiAddressProps {
  readonly projectId: string;
  readonly region: string;
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A reserved regional external IPv4 address for the API's load balancer, so the address survives
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
        location: props.region,
        addressType: 'EXTERNAL',
        networkTier: 'PREMIUM',
        ipVersion: 'IPV4',
        description: 'Load balancer of the toxicity API',
      },
    });
  }
}

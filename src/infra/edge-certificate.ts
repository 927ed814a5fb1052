import { Construct } from 'constructs';
import {
  CertificateManagerCertificate,
  CertificateManagerCertificateMap,
  CertificateManagerCertificateMapEntry,
  CertificateManagerDnsAuthorization,
} from './imports/certificatemanager.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';

export interface EdgeCertificateProps {
  readonly projectId: string;
  /** Public DNS name the certificate is issued for. */
  readonly hostname: string;
  /** Certificate map the Gateway names in its `networking.gke.io/certmap` annotation. */
  readonly mapName: string;
  /** Prefix of the other objects' names (`<prefix>-dns-auth`, `<prefix>-cert`, `<prefix>-entry`). */
  readonly namePrefix: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Google-managed certificate for the API's hostname, served by the Gateway's load balancer through
 * a Certificate Manager map (cloud.google.com/certificate-manager/docs/deploy-google-managed-dns-auth):
 * a DNS authorization (its `status.dnsResourceRecord` is the CNAME to add in the zone once), the
 * certificate, the map and the map entry binding the hostname to the certificate. DNS authorization
 * lets the certificate be issued before the name points at the load balancer and renewed without
 * serving an HTTP challenge.
 */
export class EdgeCertificate extends Construct {
  readonly mapName: string;
  readonly dnsAuthorizationName: string;
  readonly certificateName: string;

  constructor(scope: Construct, id: string, props: EdgeCertificateProps) {
    super(scope, id);
    if (!/^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props.hostname)) {
      throw new Error(`EdgeCertificate: 'hostname' must be a fully qualified DNS name, got "${props.hostname}"`);
    }
    const { projectId, labels } = props;
    const projectRef = { external: projectId };
    this.mapName = props.mapName;
    this.dnsAuthorizationName = `${props.namePrefix}-dns-auth`;
    this.certificateName = `${props.namePrefix}-cert`;
    new CertificateManagerDnsAuthorization(this, 'DnsAuthorization', {
      metadata: gcpMetadata({ name: this.dnsAuthorizationName, projectId, labels }),
      spec: { domain: props.hostname, location: 'global', projectRef, description: `toxicity API: ${props.hostname}` },
    });
    new CertificateManagerCertificate(this, 'Certificate', {
      metadata: gcpMetadata({ name: this.certificateName, projectId, labels }),
      spec: {
        location: 'global',
        // DEFAULT: served from Google's core data centres, where the global external ALB terminates TLS.
        scope: 'DEFAULT',
        managed: { domains: [props.hostname], dnsAuthorizationsRefs: [{ name: this.dnsAuthorizationName }] },
        projectRef,
        description: `toxicity API: ${props.hostname}`,
      },
    });
    new CertificateManagerCertificateMap(this, 'Map', {
      metadata: gcpMetadata({ name: this.mapName, projectId, labels }),
      spec: { projectRef, description: 'toxicity API gateway' },
    });
    new CertificateManagerCertificateMapEntry(this, 'MapEntry', {
      metadata: gcpMetadata({ name: `${props.namePrefix}-entry`, projectId, labels }),
      spec: {
        mapRef: { name: this.mapName },
        certificatesRefs: [{ name: this.certificateName }],
        hostname: props.hostname,
        projectRef,
      },
    });
  }
}

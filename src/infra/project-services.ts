import { Construct } from 'constructs';
import { Service } from './imports/serviceusage.cnrm.cloud.google.com';
import { gcpMetadata } from './gcp-metadata';

/** The APIs the stack uses (cloud.google.com/config-connector/docs/reference/resource-docs/serviceusage/service). */
export const REQUIRED_APIS: readonly string[] = [
  'artifactregistry.googleapis.com',
  'cloudbuild.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'iam.googleapis.com',
  'monitoring.googleapis.com',
  'pubsub.googleapis.com',
  'secretmanager.googleapis.com',
  'servicenetworking.googleapis.com',
  'sqladmin.googleapis.com',
  'storage.googleapis.com',
];

export interface ProjectServicesProps {
  readonly projectId: string;
  /** @default REQUIRED_APIS */
  readonly apis?: readonly string[];
}

/**
 * API enablement, one `Service` per API. Abandoned on delete: disabling an API would break every
 * resource of the project that uses it, not only ours.
 */
export class ProjectServices extends Construct {
  readonly apis: readonly string[];

  constructor(scope: Construct, id: string, props: ProjectServicesProps) {
    super(scope, id);
    this.apis = [...(props.apis ?? REQUIRED_APIS)];
    for (const api of this.apis) {
      if (!/^[a-z0-9-]+\.googleapis\.com$/.test(api)) {
        throw new Error(`ProjectServices: 'apis' entries must be <name>.googleapis.com, got "${api}"`);
      }
      new Service(this, api, {
        metadata: gcpMetadata({
          name: api,
          projectId: props.projectId,
          abandon: true,
          annotations: { 'cnrm.cloud.google.com/disable-dependent-services': 'false' },
        }),
        spec: {},
      });
    }
  }
}

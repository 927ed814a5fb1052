import { Construct } from 'constructs';
import { ArtifactRegistryRepository } from './imports/artifactregistry.cnrm.cloud.google.com';
import { type GrantableResource, type IamGrant, type IamPrincipal, grantOn } from './iam-grant';
import { gcpMetadata } from './gcp-metadata';

export interface ImageRegistryProps {
  readonly projectId: string;
  readonly region: string;
  /** Repository id (`image.repository`). */
  readonly repository: string;
  /** Most recent image versions always kept. */
  readonly keepVersions: number;
  /**
   * Old ReplicaSets the API's Deployment keeps for `kubectl rollout undo`: each names one image, so
   * `keepVersions` must cover them plus the running one.
   */
  readonly deploymentRevisionHistory: number;
  /** Versions beyond the kept ones are deleted once older than this. */
  readonly deleteAfterDays: number;
  /** Tag prefixes never deleted (the build's layer cache). */
  readonly keepTagPrefixes: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The Docker repository in Artifact Registry, with cleanup policies
 * (cloud.google.com/artifact-registry/docs/repositories/cleanup-policy): keep policies win over
 * delete policies, so the last `keepVersions` versions and the cache tag survive whatever their age.
 */
export class ImageRegistry extends Construct {
  static readonly API_VERSION = ArtifactRegistryRepository.GVK.apiVersion;
  static readonly KIND = ArtifactRegistryRepository.GVK.kind;
  readonly repository: string;
  /** `<region>-docker.pkg.dev`, the registry host of `image.registry`. */
  readonly host: string;
  /** `<host>/<project>/<repository>`, the prefix of every image reference pushed here. */
  readonly imagePrefix: string;
  private readonly projectId: string;

  constructor(scope: Construct, id: string, props: ImageRegistryProps) {
    super(scope, id);
    // The running image plus every revision `rollout undo` may go back to.
    const needed = props.deploymentRevisionHistory + 1;
    if (!Number.isInteger(props.keepVersions) || props.keepVersions < needed) {
      throw new Error(
        `ImageRegistry: 'keepVersions' must be an integer >= ${needed} (the Deployment's revision history ` +
          `${props.deploymentRevisionHistory} + the running image), got ${props.keepVersions}`,
      );
    }
    this.projectId = props.projectId;
    this.repository = props.repository;
    this.host = `${props.region}-docker.pkg.dev`;
    this.imagePrefix = `${this.host}/${props.projectId}/${props.repository}`;
    new ArtifactRegistryRepository(this, 'Resource', {
      metadata: gcpMetadata({
        name: props.repository,
        projectId: props.projectId,
        labels: props.labels,
        abandon: true,
      }),
      spec: {
        location: props.region,
        format: 'DOCKER',
        description: 'Images of the toxicity API',
        cleanupPolicyDryRun: false,
        cleanupPolicies: [
          { id: 'keep-recent', action: 'KEEP', mostRecentVersions: { keepCount: props.keepVersions } },
          ...(props.keepTagPrefixes.length > 0
            ? [
                {
                  id: 'keep-cache',
                  action: 'KEEP',
                  condition: { tagState: 'TAGGED', tagPrefixes: [...props.keepTagPrefixes] },
                },
              ]
            : []),
          {
            id: 'delete-old',
            action: 'DELETE',
            condition: { tagState: 'ANY', olderThan: `${props.deleteAfterDays * 86400}s` },
          },
        ],
      },
    });
  }

  /** The repository as IAM grants refer to it (repository-level IAM). */
  get iamTarget(): GrantableResource['iamTarget'] {
    return {
      projectId: this.projectId,
      on: {
        kind: ImageRegistry.KIND,
        apiVersion: ImageRegistry.API_VERSION,
        objectName: this.repository,
        name: this.repository,
      },
    };
  }

  /** Grants a role on this resource only. */
  grant(id: string, principal: IamPrincipal, role: string, reason: string): IamGrant {
    return grantOn(this, id, principal, role, reason);
  }
}

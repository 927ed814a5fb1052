import { Construct } from 'constructs';
import { PubSubTopic } from './imports/pubsub.cnrm.cloud.google.com';
import {
  StorageBucket,
  type StorageBucketSpecLifecycleRule,
  StorageNotification,
} from './imports/storage.cnrm.cloud.google.com';
import { type GrantableResource, IamGrant, type IamPrincipal, grantOn } from './iam-grant';
import { gcpMetadata, objectName } from './gcp-metadata';

export interface GcsBucketProps {
  readonly projectId: string;
  readonly name: string;
  readonly location: string;
  /** Keep every overwritten or deleted object as a noncurrent version. @default false */
  readonly versioning?: boolean;
  readonly lifecycleRules?: readonly StorageBucketSpecLifecycleRule[];
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A bucket with uniform bucket-level access (IAM only, no ACLs) and public access prevention
 * enforced; abandoned on delete, so removing the object never removes data.
 */
export class GcsBucket extends Construct {
  static readonly API_VERSION = StorageBucket.GVK.apiVersion;
  static readonly KIND = StorageBucket.GVK.kind;
  readonly bucketName: string;
  readonly objectName: string;
  private readonly projectId: string;

  constructor(scope: Construct, id: string, props: GcsBucketProps) {
    super(scope, id);
    if (!/^[a-z0-9][-a-z0-9_.]{1,61}[a-z0-9]$/.test(props.name) || props.name.startsWith('goog')) {
      throw new Error(
        `GcsBucket: 'name' must be a bucket name (3-63 of [-a-z0-9_.], not starting with goog), got "${props.name}"`,
      );
    }
    this.projectId = props.projectId;
    this.bucketName = props.name;
    this.objectName = objectName(props.name);
    new StorageBucket(this, 'Resource', {
      metadata: gcpMetadata({ name: this.objectName, projectId: props.projectId, labels: props.labels, abandon: true }),
      spec: {
        ...(this.objectName === props.name ? {} : { resourceId: props.name }),
        location: props.location.toUpperCase(),
        storageClass: 'STANDARD',
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        versioning: { enabled: props.versioning ?? false },
        ...(props.lifecycleRules && props.lifecycleRules.length > 0
          ? { lifecycleRule: [...props.lifecycleRules] }
          : {}),
      },
    });
  }

  /** The bucket as IAM grants refer to it (bucket-level IAM). */
  get iamTarget(): GrantableResource['iamTarget'] {
    return {
      projectId: this.projectId,
      on: {
        kind: GcsBucket.KIND,
        apiVersion: GcsBucket.API_VERSION,
        objectName: this.objectName,
        name: this.bucketName,
      },
    };
  }

  /** Grants a role on this resource only. */
  grant(id: string, principal: IamPrincipal, role: string, reason: string): IamGrant {
    return grantOn(this, id, principal, role, reason);
  }
}

export interface UploadNotificationProps {
  readonly projectId: string;
  readonly bucket: GcsBucket;
  /** Only objects under this prefix are announced. */
  readonly objectPrefix: string;
  readonly topic: string;
  /** Project number, for the Cloud Storage service agent; null leaves its publish grant out. */
  readonly projectNumber: string | null;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Pub/Sub topic and a `StorageNotification` announcing every finalized upload under a prefix of
 * the data bucket (cloud.google.com/storage/docs/pubsub-notifications). The bucket's service agent
 * must be allowed to publish on the topic.
 */
export class UploadNotification extends Construct {
  static readonly TOPIC_API_VERSION = PubSubTopic.GVK.apiVersion;
  static readonly TOPIC_KIND = PubSubTopic.GVK.kind;
  readonly topicName: string;
  readonly objectPrefix: string;
  readonly topicObjectName: string;

  constructor(scope: Construct, id: string, props: UploadNotificationProps) {
    super(scope, id);
    this.topicName = props.topic;
    this.objectPrefix = props.objectPrefix;
    this.topicObjectName = objectName(props.topic);
    new PubSubTopic(this, 'Topic', {
      metadata: gcpMetadata({ name: this.topicObjectName, projectId: props.projectId, labels: props.labels }),
      spec: {
        ...(this.topicObjectName === props.topic ? {} : { resourceId: props.topic }),
        messageRetentionDuration: `${7 * 86400}s`,
      },
    });
    new StorageNotification(this, 'Notification', {
      metadata: gcpMetadata({ name: `${props.bucket.objectName}-uploads`, projectId: props.projectId }),
      spec: {
        bucketRef: { name: props.bucket.objectName },
        topicRef: { name: this.topicObjectName },
        payloadFormat: 'JSON_API_V1',
        eventTypes: ['OBJECT_FINALIZE'],
        objectNamePrefix: props.objectPrefix,
      },
    });
    if (props.projectNumber !== null) {
      new IamGrant(this, 'StorageAgentPublisher', {
        projectId: props.projectId,
        // Cloud Storage's service agent (cloud.google.com/storage/docs/getting-service-agent).
        principal: {
          member: `serviceAccount:service-${props.projectNumber}@gs-project-accounts.iam.gserviceaccount.com`,
        },
        role: 'roles/pubsub.publisher',
        on: {
          kind: UploadNotification.TOPIC_KIND,
          apiVersion: UploadNotification.TOPIC_API_VERSION,
          objectName: this.topicObjectName,
          name: this.topicName,
        },
        reason: 'Cloud Storage publishes the upload notifications of the data bucket on this topic',
      });
    }
  }
}

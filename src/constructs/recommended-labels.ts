import { checkLabels, checkName, propError } from './prop-checks';
import { isLabelValue } from './k8s-syntax';

export interface RecommendedLabelsProps {
  /** `app.kubernetes.io/name`; also the object names. */
  readonly name: string;
  /**
   * `app.kubernetes.io/instance`: tells apart two installs of the same app.
   * @default the name
   */
  readonly instance?: string;
  /**
   * `app.kubernetes.io/component`.
   * @default model-server
   */
  readonly component?: string;
  /** `app.kubernetes.io/part-of`. */
  readonly partOf: string;
  /** `app.kubernetes.io/version`, typically the image tag; must be a valid label value. */
  readonly version: string;
  /**
   * `app.kubernetes.io/managed-by`.
   * @default cdk8s
   */
  readonly managedBy?: string;
}

/** The label sets every object of the API carries. */
export interface RecommendedLabels {
  /** All recommended labels: object metadata and the pod template. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * The subset that selects the API pods (name + instance). A Deployment's selector is immutable,
   * so it never contains anything that changes between releases (version, component).
   */
  readonly selectorLabels: Readonly<Record<string, string>>;
}

/**
 * The `app.kubernetes.io/*` recommended labels
 * (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/), set explicitly rather
 * than relying on cdk8s-plus's construct-path hash, so the selector stays stable if the construct tree
 * is refactored.
 */
export function recommendedLabels(props: RecommendedLabelsProps): RecommendedLabels {
  const owner = 'recommendedLabels';
  const name = checkName(owner, 'name', props.name, 'dns1123-label');
  const instance = checkName(owner, 'instance', props.instance ?? name, 'dns1123-label');
  if (!isLabelValue(props.version) || props.version.length === 0) {
    throw propError(
      owner,
      'version',
      'must be a non-empty label value (at most 63 alphanumerics, "-", "_", ".")',
      props.version,
    );
  }
  const selectorLabels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': instance };
  const labels = {
    ...selectorLabels,
    'app.kubernetes.io/component': props.component ?? 'model-server',
    'app.kubernetes.io/part-of': props.partOf,
    'app.kubernetes.io/version': props.version,
    'app.kubernetes.io/managed-by': props.managedBy ?? 'cdk8s',
  };
  checkLabels(owner, 'labels', labels);
  return { labels, selectorLabels };
}

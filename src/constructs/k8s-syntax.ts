import { isIPv4, isIPv6 } from 'node:net';

/**
 * Syntax rules the Kubernetes API server enforces on names, labels, ports and addresses, as pure
 * predicates. The OpenAPI schema (and so kubernetes-models) does not carry them; the rules come from
 * k8s.io/apimachinery/pkg/util/validation (validation.go) and the "Object Names and IDs" and
 * "Labels and Selectors" pages of kubernetes.io/docs/concepts/overview/working-with-objects/.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** RFC 1123 label (most object names, namespaces, container and volume names): ≤ 63 chars. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** RFC 1123 subdomain (Deployment, ConfigMap, Secret … names): dot-separated labels, ≤ 253 chars. */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((part) => DNS1123_LABEL.test(part));
}

/** RFC 1035 label (Service names): like a DNS-1123 label but starting with a letter. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** A label or annotation key: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 chars. */
export function isQualifiedName(value: string): boolean {
  const slash = value.indexOf('/');
  const prefix = slash >= 0 ? value.slice(0, slash) : undefined;
  const name = slash >= 0 ? value.slice(slash + 1) : value;
  if (prefix !== undefined && (prefix.length === 0 || !isDns1123Subdomain(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** A label value: empty, or ≤ 63 alphanumerics with `-_.` inside. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}

/** A named port (IANA_SVC_NAME, RFC 6335 §5.1): ≤ 15 chars, at least one letter, no `--`. */
export function isPortName(value: string): boolean {
  return value.length <= 15 && IANA_SVC_NAME.test(value) && /[a-z]/.test(value) && !value.includes('--');
}

/** A TCP/UDP port number: an integer from 1 to 65535. */
export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** An environment variable name as the API server has long accepted it. */
export function isEnvVarName(value: string): boolean {
  return ENV_VAR_NAME.test(value);
}

/**
 * An IPv4 or IPv6 CIDR in canonical form (no host bits set), as NetworkPolicy `ipBlock.cidr` and
 * Service `loadBalancerSourceRanges` expect.
 */
export function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const address = value.slice(0, slash);
  const prefixText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return false;
  const prefix = Number(prefixText);
  if (isIPv4(address)) {
    if (prefix > 32) return false;
    const bits = address
      .split('.')
      .map((octet) => Number(octet).toString(2).padStart(8, '0'))
      .join('');
    return !bits.slice(prefix).includes('1');
  }
  if (isIPv6(address)) return prefix <= 128;
  return false;
}

/** The parts of a container image reference `[registry/]path[:tag][@digest]`. */
export interface ImageReference {
  /** Everything before the tag and digest. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits an image reference; a `:` after the last `/` starts the tag (a `:` before it is a registry port). */
export function parseImageReference(image: string): ImageReference {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const rest = at >= 0 ? image.slice(0, at) : image;
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  const repository = tag === undefined ? rest : rest.slice(0, colon);
  return { repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/**
 * Why an image reference is not pinned, or undefined when it is: pinned means a sha256 digest, or a
 * valid tag other than `latest` (an untagged reference means `latest`).
 */
export function imagePinProblem(image: string): string | undefined {
  const ref = parseImageReference(image);
  if (ref.repository.length === 0 || /\s/.test(image)) return 'is not an image reference';
  if (ref.digest !== undefined) return IMAGE_DIGEST.test(ref.digest) ? undefined : 'has a malformed digest';
  if (ref.tag === undefined) return 'has no tag (means latest)';
  if (ref.tag === 'latest') return 'uses the latest tag';
  return IMAGE_TAG.test(ref.tag) ? undefined : 'has a malformed tag';
}

const QUANTITY = /^(\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const DECIMAL_SUFFIXES = ['m', '', 'k', 'M', 'G', 'T', 'P', 'E'];
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * The form the API server stores an integer quantity in, so that a re-apply of the same manifest is not
 * a change (`1000m` is stored as `1`, `1024Mi` as `1Gi`). Rule of k8s.io/apimachinery/pkg/api/resource
 * (Quantity.CanonicalizeBytes): keep the suffix family (decimal or binary) and use the largest suffix
 * that leaves an integer; binary values under 1Ki are written in decimal notation. Only integer
 * mantissas are accepted (the charts never emit fractions or exponents).
 */
export function canonicalQuantity(value: string): string {
  const match = QUANTITY.exec(value);
  if (!match) throw new Error(`quantity must be an integer with an optional suffix (e.g. 250m, 512Mi), got '${value}'`);
  const suffix = match[2] ?? '';
  const binary = BINARY_SUFFIXES.indexOf(suffix) > 0;
  const suffixes = binary ? BINARY_SUFFIXES : DECIMAL_SUFFIXES;
  const step = binary ? 1024n : 1000n;
  let mantissa = BigInt(match[1]);
  let index = suffixes.indexOf(suffix);
  if (mantissa === 0n) return '0';
  while (index < suffixes.length - 1 && mantissa % step === 0n) {
    mantissa /= step;
    index += 1;
  }
  if (binary && index === 0) return mantissa.toString();
  return `${mantissa.toString()}${suffixes[index]}`;
}

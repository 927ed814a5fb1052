import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import {
  imagePinProblem,
  isCidr,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isLabelValue,
  isQualifiedName,
} from './k8s-syntax';
import { describeValue as describeJson } from '../common';

/**
 * Constructor-time checks for construct props. Each throws a plain `Error` whose message names the
 * construct, the prop and the offending value (`ToxicityApi: 'containerPort' must be …, got 70000`),
 * and otherwise returns the value so defaults can be applied and checked in one line.
 */

/** Renders a prop value for an error message. */
export function describeValue(value: unknown): string {
  if (value instanceof Duration) return `${value.toMilliseconds() / 1000}s`;
  if (value instanceof Size) return `${value.toMebibytes({ rounding: SizeRoundingBehavior.NONE })}Mi`;
  if (value === undefined) return 'undefined';
  return describeJson(value, { maxLength: 100 });
}

/** The error every check throws. */
export function propError(owner: string, prop: string, rule: string, value: unknown): Error {
  return new Error(`${owner}: '${prop}' ${rule}, got ${describeValue(value)}`);
}

export function checkInteger(owner: string, prop: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw propError(owner, prop, `must be an integer from ${min} to ${max}`, value);
  }
  return value;
}

/** A duration in whole seconds within [min, max]; returns the seconds. */
export function checkSeconds(owner: string, prop: string, value: Duration, min: number, max: number): number {
  const millis = value.toMilliseconds();
  if (millis % 1000 !== 0 || millis / 1000 < min || millis / 1000 > max) {
    throw propError(owner, prop, `must be a whole number of seconds from ${min} to ${max}`, value);
  }
  return millis / 1000;
}

/** A size in whole mebibytes ≥ 1; returns the MiB. */
export function checkMebibytes(owner: string, prop: string, value: Size): number {
  const mib = value.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isInteger(mib) || mib < 1) throw propError(owner, prop, 'must be a whole number of MiB >= 1', value);
  return mib;
}

export type NameRule = 'dns1123-label' | 'dns1035-label' | 'dns1123-subdomain';

const NAME_RULES: Record<NameRule, [(v: string) => boolean, string]> = {
  'dns1123-label': [isDns1123Label, 'must be a DNS-1123 label (lower-case alphanumerics and "-", at most 63)'],
  'dns1035-label': [
    isDns1035Label,
    'must be a DNS-1035 label (a lower-case letter, then alphanumerics and "-", at most 63)',
  ],
  'dns1123-subdomain': [isDns1123Subdomain, 'must be a DNS-1123 subdomain (at most 253)'],
};

export function checkName(owner: string, prop: string, value: string, rule: NameRule): string {
  const [test, text] = NAME_RULES[rule];
  if (typeof value !== 'string' || !test(value)) throw propError(owner, prop, text, value);
  return value;
}

/** Label keys must be qualified names and values valid label values. */
export function checkLabels(
  owner: string,
  prop: string,
  labels: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> {
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) throw propError(owner, `${prop}`, 'must have label keys of the form [prefix/]name', key);
    if (typeof value !== 'string' || !isLabelValue(value)) {
      throw propError(
        owner,
        `${prop}.${key}`,
        'must be a label value (at most 63 alphanumerics, "-", "_", ".")',
        value,
      );
    }
  }
  return labels;
}

export function checkCidr(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || !isCidr(value)) {
    throw propError(owner, prop, 'must be a CIDR with no host bits set (e.g. 10.0.0.0/8)', value);
  }
  return value;
}

export function checkPinnedImage(owner: string, prop: string, value: string): string {
  const problem = typeof value === 'string' ? imagePinProblem(value) : 'is not a string';
  if (problem !== undefined) throw propError(owner, prop, `must be pinned by tag or digest (it ${problem})`, value);
  return value;
}

export function checkNonEmpty(owner: string, prop: string, value: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw propError(owner, prop, 'must not be empty', value);
  return value;
}

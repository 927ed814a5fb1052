import { Duration, Size } from 'cdk8s';
import {
  checkCidr,
  checkInteger,
  checkLabels,
  checkMebibytes,
  checkName,
  checkNonEmpty,
  checkPinnedImage,
  checkSeconds,
  describeValue,
} from '../../../src/constructs/prop-checks';

describe('prop checks', () => {
  it('return the value when it is valid', () => {
    expect(checkInteger('C', 'n', 5, 1, 10)).toBe(5);
    expect(checkSeconds('C', 'd', Duration.minutes(1), 0, 60)).toBe(60);
    expect(checkMebibytes('C', 's', Size.gibibytes(1))).toBe(1024);
    expect(checkName('C', 'name', 'api', 'dns1035-label')).toBe('api');
    expect(checkCidr('C', 'cidr', '10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(checkPinnedImage('C', 'image', 'r/i:1')).toBe('r/i:1');
    expect(checkNonEmpty('C', 'x', 'y')).toBe('y');
    expect(checkLabels('C', 'labels', { a: 'b' })).toEqual({ a: 'b' });
  });

  it('throws when an integer is out of range or fractional, naming owner, prop and value', () => {
    expect(() => checkInteger('ToxicityApi', 'replicas', 0, 1, 1000)).toThrow(
      "ToxicityApi: 'replicas' must be an integer from 1 to 1000, got 0",
    );
    expect(() => checkInteger('C', 'n', 1.5, 1, 10)).toThrow("C: 'n' must be an integer from 1 to 10, got 1.5");
  });

  it('throws when a duration is not whole seconds or out of range', () => {
    expect(() => checkSeconds('C', 'drain', Duration.millis(1500), 0, 60)).toThrow(
      "C: 'drain' must be a whole number of seconds from 0 to 60, got 1.5s",
    );
    expect(() => checkSeconds('C', 'drain', Duration.minutes(2), 0, 60)).toThrow("'drain' must be a whole number");
  });

  it('throws when a size is not a whole number of MiB', () => {
    expect(() => checkMebibytes('C', 'memory', Size.kibibytes(1536))).toThrow(
      "C: 'memory' must be a whole number of MiB >= 1, got 1.5Mi",
    );
  });

  it('throws when a name breaks its rule', () => {
    expect(() => checkName('C', 'name', '1api', 'dns1035-label')).toThrow("C: 'name' must be a DNS-1035 label");
    expect(() => checkName('C', 'name', 'Api', 'dns1123-label')).toThrow('got "Api"');
    expect(() => checkName('C', 'name', 'a..b', 'dns1123-subdomain')).toThrow("'name' must be a DNS-1123 subdomain");
  });

  it('throws when a label key or value is invalid', () => {
    expect(() => checkLabels('C', 'labels', { 'bad key': 'x' })).toThrow(
      'C: \'labels\' must have label keys of the form [prefix/]name, got "bad key"',
    );
    expect(() => checkLabels('C', 'labels', { app: 'has space' })).toThrow("C: 'labels.app' must be a label value");
  });

  it('throws when a CIDR, image or required string is invalid', () => {
    expect(() => checkCidr('C', 'cidr', '10.0.0.1/8')).toThrow("C: 'cidr' must be a CIDR with no host bits set");
    expect(() => checkPinnedImage('C', 'image', 'r/i:latest')).toThrow(
      'C: \'image\' must be pinned by tag or digest (it uses the latest tag), got "r/i:latest"',
    );
    expect(() => checkNonEmpty('C', 'uri', '  ')).toThrow('C: \'uri\' must not be empty, got "  "');
  });

  it('describes long values shortened', () => {
    expect(describeValue('x'.repeat(200))).toHaveLength(100);
    expect(describeValue(undefined)).toBe('undefined');
  });
});

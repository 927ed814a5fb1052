import {
  imagePinProblem,
  isCidr,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvVarName,
  isLabelValue,
  isPortName,
  isPortNumber,
  isQualifiedName,
  parseImageReference,
  canonicalQuantity,
} from '../../../src/constructs/k8s-syntax';

describe('Kubernetes name syntax', () => {
  it('accepts DNS-1123 labels and rejects upper case, edges, underscores and 64 characters', () => {
    expect(['a', 'api-1', '0abc', 'a'.repeat(63)].every(isDns1123Label)).toBe(true);
    expect(['', 'Api', '-a', 'a-', 'a_b', 'a.b', 'a'.repeat(64)].some(isDns1123Label)).toBe(false);
  });

  it('accepts DNS-1123 subdomains up to 253 characters', () => {
    expect(isDns1123Subdomain('app.kubernetes.io')).toBe(true);
    expect(isDns1123Subdomain(`${'a'.repeat(63)}.${'b'.repeat(63)}`)).toBe(true);
    expect(isDns1123Subdomain('a..b')).toBe(false);
    expect(isDns1123Subdomain(Array(64).fill('abc').join('.'))).toBe(false);
  });

  it('requires a DNS-1035 label (Service names) to start with a letter', () => {
    expect(isDns1035Label('api')).toBe(true);
    expect(isDns1035Label('1api')).toBe(false);
  });

  it('checks label keys with and without prefix', () => {
    expect(['app', 'app.kubernetes.io/name', 'k8s-app', 'checksum/config', 'A_b.c'].every(isQualifiedName)).toBe(true);
    expect(['', '/name', 'Bad_Prefix/name', 'a/b/c', 'name-', 'x'.repeat(64)].some(isQualifiedName)).toBe(false);
  });

  it('checks label values, allowing the empty value', () => {
    expect(['', '1.0.0', 'v1_2-3', 'a'.repeat(63)].every(isLabelValue)).toBe(true);
    expect(['-a', 'a b', 'a/b', 'a'.repeat(64)].some(isLabelValue)).toBe(false);
  });

  it('checks port names against IANA_SVC_NAME', () => {
    expect(isPortName('http')).toBe(true);
    expect(isPortName('http-metrics')).toBe(true);
    expect(isPortName('8080')).toBe(false);
    expect(isPortName('a--b')).toBe(false);
    expect(isPortName('a-very-long-port-name')).toBe(false);
  });

  it('checks port numbers from 1 to 65535', () => {
    expect([1, 80, 65535].every(isPortNumber)).toBe(true);
    expect([0, 65536, 80.5, '80', undefined].some(isPortNumber)).toBe(false);
  });

  it('checks environment variable names', () => {
    expect(isEnvVarName('JWT_SECRET')).toBe(true);
    expect(isEnvVarName('1BAD')).toBe(false);
    expect(isEnvVarName('A=B')).toBe(false);
  });

  it('accepts canonical IPv4 and IPv6 CIDRs and rejects host bits, bad octets and missing prefixes', () => {
    expect(['0.0.0.0/0', '10.0.0.0/8', '169.254.169.254/32', '2001:db8::/32'].every(isCidr)).toBe(true);
    expect(['10.0.0.1/8', '256.0.0.0/8', '10.0.0.0', '10.0.0.0/33', 'x/8', '10.0.0.0/-1'].some(isCidr)).toBe(false);
  });
});

describe('image references', () => {
  it('splits registry port, tag and digest', () => {
    expect(parseImageReference('localhost:5000/a/b:1.2')).toEqual({ repository: 'localhost:5000/a/b', tag: '1.2' });
    expect(parseImageReference('localhost:5000/a/b')).toEqual({ repository: 'localhost:5000/a/b' });
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(parseImageReference(`r/x:1@${digest}`)).toEqual({ repository: 'r/x', tag: '1', digest });
  });

  it('treats a tag or a digest as pinned and latest or no tag as not', () => {
    expect(imagePinProblem('europe-west1-docker.pkg.dev/p/r/i:1.0.0')).toBeUndefined();
    expect(imagePinProblem(`r/i@sha256:${'0'.repeat(64)}`)).toBeUndefined();
    expect(imagePinProblem('r/i:latest')).toBe('uses the latest tag');
    expect(imagePinProblem('localhost:5000/i')).toBe('has no tag (means latest)');
    expect(imagePinProblem('r/i@sha256:abc')).toBe('has a malformed digest');
    expect(imagePinProblem('r/i:-bad')).toBe('has a malformed tag');
    expect(imagePinProblem('')).toBe('is not an image reference');
  });
});

describe('canonicalQuantity', () => {
  it('writes whole CPUs without the milli suffix and keeps fractions in millis', () => {
    expect(canonicalQuantity('1000m')).toBe('1');
    expect(canonicalQuantity('2000m')).toBe('2');
    expect(canonicalQuantity('1500m')).toBe('1500m');
    expect(canonicalQuantity('250m')).toBe('250m');
  });

  it('moves binary sizes to the largest suffix that keeps an integer', () => {
    expect(canonicalQuantity('512Mi')).toBe('512Mi');
    expect(canonicalQuantity('1024Mi')).toBe('1Gi');
    expect(canonicalQuantity('2048Ki')).toBe('2Mi');
    expect(canonicalQuantity('1536Mi')).toBe('1536Mi');
  });

  it('writes sizes under 1Ki as bytes and zero as 0', () => {
    expect(canonicalQuantity('0Mi')).toBe('0');
    expect(canonicalQuantity('0m')).toBe('0');
    expect(canonicalQuantity('3000')).toBe('3k');
  });

  it('rejects fractions, exponents and unknown suffixes with the value in the message', () => {
    expect(() => canonicalQuantity('1.5')).toThrow("got '1.5'");
    expect(() => canonicalQuantity('1e3')).toThrow("got '1e3'");
    expect(() => canonicalQuantity('5MB')).toThrow("got '5MB'");
  });
});

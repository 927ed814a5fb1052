import { apiSecurityHeaders } from '../../model-server/security-headers';

describe('apiSecurityHeaders', () => {
  it('records helmet headers for a JSON API, plus no-store caching', () => {
    const headers = Object.fromEntries(apiSecurityHeaders());
    expect(headers).toMatchObject({
      'Content-Security-Policy': "default-src 'none';frame-ancestors 'none'",
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    });
    expect(Object.keys(headers)).not.toContain('X-Powered-By');
  });
});

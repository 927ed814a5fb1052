import { HttpProblem, PROBLEMS, PROBLEM_TYPE_BASE, problemType } from '../../model-server/problem';

describe('HttpProblem', () => {
  it('becomes an RFC 9457 document with the stable type, title and status of its slug', () => {
    const p = new HttpProblem('payload-too-large', 'the body must be at most 10 bytes');
    expect(p.status).toBe(413);
    expect(p.toDocument()).toEqual({
      type: 'https://toxicity.local/problems/payload-too-large',
      title: 'The request body is too large',
      status: 413,
      detail: 'the body must be at most 10 bytes',
    });
  });

  it('carries validation errors as an extension member', () => {
    const doc = new HttpProblem('invalid-request', 'bad', {
      errors: [{ pointer: '/text', message: 'm' }],
    }).toDocument();
    expect(doc.errors).toEqual([{ pointer: '/text', message: 'm' }]);
  });

  it('maps every slug to a 4xx or 5xx status and a type under one base', () => {
    for (const [slug, { status }] of Object.entries(PROBLEMS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(problemType(slug as keyof typeof PROBLEMS)).toBe(`${PROBLEM_TYPE_BASE}${slug}`);
    }
  });
});

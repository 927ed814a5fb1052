import type { Request, RequestHandler, Response } from 'express';
import express from 'express';
import request from 'supertest';
import { dispatchDirectly, runChain } from '../../model-server/direct-routes';

const req = {} as Request;
const res = {} as Response;

describe('runChain', () => {
  it('runs the handlers in order until one answers', () => {
    const seen: string[] = [];
    const failures: unknown[] = [];
    const chain: RequestHandler[] = [
      (_q, _s, next) => {
        seen.push('a');
        next();
      },
      () => seen.push('b'),
      () => seen.push('never'),
    ];
    runChain(chain, req, res, (err) => failures.push(err));
    expect(seen).toEqual(['a', 'b']);
    expect(failures).toEqual([]);
  });

  it('fails with the error a handler passes to next, throws, or rejects, once, and stops there', async () => {
    const boom = new Error('boom');
    const passed: unknown[] = [];
    runChain([(_q, _s, next) => next(boom), () => passed.push('ran')], req, res, (e) => passed.push(e));
    expect(passed).toEqual([boom]);

    const thrown: unknown[] = [];
    runChain(
      [
        (_q, _s, next) => next(),
        () => {
          throw boom;
        },
      ],
      req,
      res,
      (e) => thrown.push(e),
    );
    expect(thrown).toEqual([boom]);

    const rejected: unknown[] = [];
    const asyncHandler = (async () => {
      await Promise.resolve();
      throw boom;
    }) as unknown as RequestHandler;
    runChain([asyncHandler], req, res, (e) => rejected.push(e));
    await new Promise((r) => setImmediate(r));
    expect(rejected).toEqual([boom]);

    const twice: unknown[] = [];
    runChain(
      [
        (_q, _s, next) => {
          next(boom);
          next(new Error('second'));
        },
      ],
      req,
      res,
      (e) => twice.push(e),
    );
    expect(twice).toEqual([boom]);
  });

  it('fails when every handler passed on and none answered', () => {
    const failures: unknown[] = [];
    runChain([(_q, _s, next) => next()], req, res, (e) => failures.push(e));
    expect(String(failures[0])).toContain('ended without an answer');
  });
});

describe('dispatchDirectly', () => {
  function app() {
    const a = express();
    a.post('/hot', (_q, s) => void s.end('router'));
    a.post('/hot/', (_q, s) => void s.end('router'));
    a.all('/hot', (_q, s) => void s.status(405).end('router'));
    return dispatchDirectly(
      a,
      [
        {
          path: '/hot',
          label: '/hot',
          chain: [
            (q, _s, next) => (q.headers['x-fail'] ? next(new Error(String(q.headers['x-fail']))) : next()),
            (_q, s) => void s.end('direct'),
          ],
        },
      ],
      (err: Error, q, s, _next) => {
        if (q.headers['x-fail'] === 'in the error handler too') throw new Error('the error handler failed');
        s.writeHead(500).end(`handled ${err.message}`);
      },
    );
  }

  it('serves the exact POST path directly and everything else through the router', async () => {
    const a = app();
    expect((await request(a).post('/hot')).text).toBe('direct');
    expect((await request(a).post('/hot/')).text).toBe('router');
    expect((await request(a).post('/hot?x=1')).text).toBe('router');
    expect((await request(a).get('/hot')).status).toBe(405);
  });

  it('sends a failure of the direct chain to the given error handler', async () => {
    const res = await request(app()).post('/hot').set('X-Fail', 'bad input');
    expect(res.status).toBe(500);
    expect(res.text).toBe('handled bad input');
  });

  it('drops the connection when the error handler itself fails, instead of leaving the client waiting', async () => {
    await expect(request(app()).post('/hot').set('X-Fail', 'in the error handler too')).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
  });

  it('refuses a chain holding an error handler, and a path given twice', () => {
    const errorHandler = ((_e: unknown, _q: Request, _s: Response, _n: () => void) => undefined) as never;
    expect(() =>
      dispatchDirectly(express(), [{ path: '/a', label: '/a', chain: [errorHandler] }], errorHandler),
    ).toThrow(/error handler in its chain/);
    const route = { path: '/a', label: '/a', chain: [(_q: Request, s: Response) => void s.end()] };
    expect(() => dispatchDirectly(express(), [route, route], errorHandler)).toThrow(/given twice/);
  });
});

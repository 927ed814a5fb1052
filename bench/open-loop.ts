/**
 * A small open-loop (paced) HTTP/1.1 load generator for the tail-latency benchmark: every request has
 * its own scheduled instant (start + i / rate), and its latency is counted from that instant, not from
 * when a connection happened to be free to send it. A server that stalls therefore accrues the waiting
 * of every request scheduled during the stall (no coordinated omission, as in wrk2), where a closed-loop
 * tool at N connections would just send less.
 *
 * It speaks raw HTTP/1.1 over `net` sockets (one request in flight per connection, no pipelining), with
 * one pre-built request, so its own cost per request is a write and a small header scan. A request due
 * while every connection is busy opens another one, up to `maxConnections`; past that it waits in a
 * queue, still timed from its own instant. Closed-loop mode (`rate: 0`) keeps `connections` requests in
 * flight for the saturation figure.
 */
import { type Socket, connect } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  readonly host: string;
  readonly port: number;
  /** The whole request, headers and body. */
  readonly request: Buffer;
  /** Requests per second; 0 for closed loop. */
  readonly rate: number;
  readonly seconds: number;
  /** Closed loop: requests in flight. Open loop: connections opened up front. */
  readonly connections: number;
  /** Open loop: at most this many connections. @default 256 */
  readonly maxConnections?: number;
}

export interface LoadResult {
  /** Latencies in ms, sorted. */
  readonly latencies: Float64Array;
  readonly sent: number;
  readonly completed: number;
  /** Responses with a status other than 200, and connection errors. */
  readonly failures: number;
  readonly seconds: number;
  readonly connectionsUsed: number;
}

/** Builds a POST request with a JSON body and keep-alive. */
export function postRequest(
  host: string,
  port: number,
  path: string,
  body: string,
  headers: Record<string, string>,
): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  let head = `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), bytes]);
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** One keep-alive connection; `onDone` is called with the status of each response. */
class Connection {
  private readonly socket: Socket;
  private buffered: Buffer | null = null;
  private expected = -1;
  private status = 0;
  busy = false;
  open = true;

  constructor(
    host: string,
    port: number,
    private readonly onDone: (c: Connection, status: number) => void,
    private readonly onClose: (c: Connection, busy: boolean) => void,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (d: Buffer) => this.read(d));
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.open = false;
      this.onClose(this, this.busy);
    });
  }

  send(request: Buffer): void {
    this.busy = true;
    this.socket.write(request);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    let data = this.buffered ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.buffered = null;
    for (;;) {
      if (this.expected < 0) {
        const end = data.indexOf(CRLFCRLF);
        if (end < 0) {
          this.buffered = data;
          return;
        }
        const head = data.toString('latin1', 0, end);
        this.status = Number(head.slice(9, 12));
        const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        this.expected = end + 4 + (m ? Number(m[1]) : 0);
      }
      if (data.length < this.expected) {
        this.buffered = data;
        return;
      }
      const rest = data.subarray(this.expected);
      this.expected = -1;
      this.busy = false;
      this.onDone(this, this.status);
      if (rest.length === 0) return;
      data = rest;
    }
  }
}

/** Runs one load and resolves with its latencies (ms from each request's scheduled instant). */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { host, port, request, rate, seconds } = options;
  const closedLoop = rate === 0;
  const maxConnections = closedLoop ? options.connections : (options.maxConnections ?? 256);
  const total = closedLoop ? Number.POSITIVE_INFINITY : Math.round(rate * seconds);
  const latencies: number[] = [];
  let failures = 0;
  let sent = 0;
  let opened = 0;
  const idle: Connection[] = [];
  const all = new Set<Connection>();
  /** Scheduled instants of requests waiting for a connection (open loop). */
  const queue: number[] = [];
  let queueHead = 0;
  /** Scheduled instant of the request in flight on each connection. */
  const inFlight = new Map<Connection, number>();
  const start = performance.now() + 50;
  const end = start + seconds * 1000;
  let finished = false;

  return new Promise((resolve) => {
    const done = () => {
      if (finished) return;
      finished = true;
      for (const c of all) c.destroy();
      const sorted = Float64Array.from(latencies).sort();
      resolve({
        latencies: sorted,
        sent,
        completed: latencies.length,
        failures,
        seconds,
        connectionsUsed: opened,
      });
    };
    const dispatch = (c: Connection, scheduled: number) => {
      inFlight.set(c, scheduled);
      sent++;
      c.send(request);
    };
    const onDone = (c: Connection, status: number) => {
      const now = performance.now();
      const scheduled = inFlight.get(c)!;
      inFlight.delete(c);
      latencies.push(now - scheduled);
      if (status !== 200) failures++;
      if (closedLoop) {
        if (now < end) dispatch(c, now);
        else if (inFlight.size === 0) done();
        return;
      }
      if (queueHead < queue.length) dispatch(c, queue[queueHead++]);
      else idle.push(c);
      if (sent === total && inFlight.size === 0) done();
    };
    const onClose = (c: Connection, busy: boolean) => {
      all.delete(c);
      const i = idle.indexOf(c);
      if (i >= 0) idle.splice(i, 1);
      if (busy && !finished) {
        failures++;
        inFlight.delete(c);
        if (closedLoop && performance.now() < end) dispatch(openConnection(), performance.now());
      }
    };
    const openConnection = () => {
      const c = new Connection(host, port, onDone, onClose);
      opened++;
      all.add(c);
      return c;
    };
    for (let i = 0; i < options.connections; i++) idle.push(openConnection());

    if (closedLoop) {
      setTimeout(() => {
        const now = performance.now();
        for (const c of idle.splice(0)) dispatch(c, now);
      }, start - performance.now());
      // Whatever is still in flight at the end is left out.
      setTimeout(done, seconds * 1000 + 5000);
      return;
    }

    let next = 0;
    const interval = 1000 / rate;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const scheduled = start + next * interval;
        next++;
        let c = idle.pop();
        while (c && !c.open) c = idle.pop();
        if (!c && all.size < maxConnections) c = openConnection();
        if (c) dispatch(c, scheduled);
        else queue.push(scheduled);
      }
      if (next >= total) {
        // Give late responses up to 5 s; what has not arrived by then counts as failed.
        setTimeout(() => {
          failures += total - latencies.length;
          done();
        }, 5000).unref();
        if (sent === total && inFlight.size === 0) done();
        return;
      }
      const wait = start + next * interval - performance.now();
      // Timers have 1 ms granularity: sleep when the next instant is far, otherwise poll.
      if (wait > 2) setTimeout(tick, wait - 1);
      else setImmediate(tick);
    };
    setTimeout(tick, Math.max(0, start - performance.now() - 1));
  });
}

/** The q-quantile (0..1) of sorted values. */
export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

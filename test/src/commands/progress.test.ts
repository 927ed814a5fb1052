import { PassThrough } from 'node:stream';
import { compactNumber, createProgress, shortDuration } from '../../../src/commands/progress';

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createProgress', () => {
  it('writes a start line and a done line with the duration and rate per phase when not on a terminal', () => {
    const out = capture(false);
    const c = clock();
    const p = createProgress(out.stream, true, { now: c.now });
    p.update('mask', 0, 10);
    c.advance(1000);
    p.update('mask', 5, 10);
    c.advance(1000);
    p.update('mask', 10, 10);
    p.update('mask', 10, 10);
    p.update('train', 1, 6, 'toxic');
    p.finish();
    expect(out.text()).toBe('[mask] started\n[mask] done: 10 in 2.0s, 5/s\n[train] started (toxic)\n');
  });

  it('logs the percentage, rate and time left every logEveryMs of a long phase when not on a terminal', () => {
    const out = capture(false);
    const c = clock();
    const p = createProgress(out.stream, true, { now: c.now, logEveryMs: 10_000 });
    p.update('clean', 0, 100_000);
    c.advance(5_000);
    p.update('clean', 10_000, 100_000); // not yet 10 s since the last line
    c.advance(5_000);
    p.update('clean', 20_000, 100_000);
    expect(out.text()).toBe('[clean] started\n[clean] 20% 20.0k/100k 2.0k/s ETA 40s\n');
  });

  it('redraws one line with a bar, the percentage, the rate and the time left on a terminal', () => {
    const out = capture(true);
    const c = clock();
    const p = createProgress(out.stream, true, { now: c.now });
    p.update('train', 0, 6, 'toxic');
    c.advance(3000);
    p.update('train', 3, 6, 'threat');
    p.finish();
    expect(out.text()).toBe(
      `\r\x1b[2K[train] ${'-'.repeat(24)} 0% 0/6 toxic` +
        `\r\x1b[2K[train] ${'#'.repeat(12)}${'-'.repeat(12)} 50% 3/6 1/s ETA 3.0s threat\n`,
    );
  });

  it('redraws at most every redrawMs on a terminal, but always draws the end of a phase', () => {
    const out = capture(true);
    const c = clock();
    const p = createProgress(out.stream, true, { now: c.now, redrawMs: 100 });
    p.update('clean', 0, 1000);
    for (let i = 1; i <= 50; i++) {
      c.advance(1);
      p.update('clean', i, 1000);
    }
    c.advance(1);
    p.update('clean', 1000, 1000);
    const draws = out.text().split('\r\x1b[2K').filter(Boolean);
    expect(draws).toHaveLength(2);
    expect(draws[1]).toMatch(/^\[clean\] #{24} 100% 1\.0k\/1\.0k 19\.6k\/s$/);
  });

  it('writes nothing when disabled', () => {
    const out = capture(true);
    const p = createProgress(out.stream, false);
    p.update('train', 3, 6);
    p.finish();
    expect(out.text()).toBe('');
  });
});

describe('compactNumber and shortDuration', () => {
  it('shorten counts and rates to a few characters', () => {
    expect(compactNumber(7)).toBe('7');
    expect(compactNumber(2.5)).toBe('2.5');
    expect(compactNumber(999)).toBe('999');
    expect(compactNumber(1234)).toBe('1.2k');
    expect(compactNumber(170_000)).toBe('170k');
    expect(compactNumber(5_600_000)).toBe('5.6M');
  });

  it('write durations as seconds, minutes or hours', () => {
    expect(shortDuration(0.44)).toBe('0.4s');
    expect(shortDuration(42)).toBe('42s');
    expect(shortDuration(185)).toBe('3m05s');
    expect(shortDuration(3720)).toBe('1h02m');
  });
});

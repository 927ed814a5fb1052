import { PassThrough } from 'node:stream';
import { createProgress } from '../../../src/commands/progress';

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

describe('createProgress', () => {
  it('writes a start and a done line per phase when not on a terminal', () => {
    const out = capture(false);
    const p = createProgress(out.stream);
    p.update('mask', 0, 10);
    p.update('mask', 5, 10);
    p.update('mask', 10, 10);
    p.update('train', 1, 6, 'toxic');
    p.finish();
    expect(out.text()).toBe('[mask] started\n[mask] done\n[train] started (toxic)\n');
  });

  it('redraws one line with a bar and a percentage on a terminal', () => {
    const out = capture(true);
    const p = createProgress(out.stream);
    p.update('train', 3, 6, 'threat');
    p.finish();
    expect(out.text()).toBe(`\r\x1b[2K[train] ${'#'.repeat(12)}${'-'.repeat(12)} 50% threat\n`);
  });

  it('writes nothing when disabled', () => {
    const out = capture(true);
    const p = createProgress(out.stream, false);
    p.update('train', 3, 6);
    p.finish();
    expect(out.text()).toBe('');
  });
});

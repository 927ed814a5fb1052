/**
 * Progress for long CLI work, on stderr, with the rate and the time left. On a terminal one line is
 * redrawn in place, at most every `redrawMs`
 * (`[clean] ######------ 45% 2.7k/6.0k 1.2k/s ETA 3s toxic`); elsewhere (CI logs, pipes) a line is
 * written when a phase starts, every `logEveryMs` while it runs, and when it ends (with its duration and
 * rate), so logs stay readable and still show that a long phase is moving.
 */
export interface Progress {
  /** Reports `done` of `total` units of `phase`, with an optional detail. */
  update(phase: string, done: number, total: number, detail?: string): void;
  /** Ends the current line. */
  finish(): void;
}

export interface ProgressOptions {
  /** @default Date.now */
  readonly now?: () => number;
  /** Terminal: shortest time between two redraws (the last update of a phase is always drawn). @default 100 */
  readonly redrawMs?: number;
  /** Not a terminal: time between two intermediate lines of a phase. @default 10000 */
  readonly logEveryMs?: number;
}

/** 1234 → `1.2k`, 5_600_000 → `5.6M`: short enough for one terminal line. */
export function compactNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs < 1000) return abs < 10 && !Number.isInteger(n) ? n.toFixed(1) : String(Math.round(n));
  for (const [div, suffix] of [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= div) return `${(n / div).toFixed(n / div < 100 ? 1 : 0)}${suffix}`;
  }
  return String(n);
}

/** Seconds as `4.2s`, `42s`, `3m05s` or `1h02m`. */
export function shortDuration(seconds: number): string {
  if (seconds < 9.95) return `${Math.max(0, seconds).toFixed(1)}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

interface PhaseState {
  readonly name: string;
  readonly startedAt: number;
  /** `done` at the first update: the rate counts the work seen in this phase only. */
  readonly startDone: number;
  lastDrawnAt: number;
  lastLoggedAt: number;
  ended: boolean;
}

export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  enabled = true,
  options: ProgressOptions = {},
): Progress {
  const now = options.now ?? Date.now;
  const redrawMs = options.redrawMs ?? 100;
  const logEveryMs = options.logEveryMs ?? 10_000;
  const tty = stream.isTTY === true;
  let phase: PhaseState | null = null;
  let lastDrawn = '';

  /** `2.7k/6.0k 1.2k/s ETA 3s`, or less while there is no rate yet. */
  const figures = (p: PhaseState, done: number, total: number, t: number): string => {
    const elapsed = (t - p.startedAt) / 1000;
    const counted = done - p.startDone;
    let text = `${compactNumber(done)}/${compactNumber(total)}`;
    if (elapsed <= 0 || counted <= 0) return text;
    const rate = counted / elapsed;
    text += ` ${compactNumber(rate)}/s`;
    if (done < total) text += ` ETA ${shortDuration((total - done) / rate)}`;
    return text;
  };

  return {
    update(name, done, total, detail) {
      if (!enabled) return;
      const t = now();
      if (phase === null || phase.name !== name) {
        phase = { name, startedAt: t, startDone: done, lastDrawnAt: -Infinity, lastLoggedAt: t, ended: false };
        if (!tty) stream.write(`[${name}] started${detail ? ` (${detail})` : ''}\n`);
      }
      const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
      const percent = `${Math.round(fraction * 100)}%`;
      if (tty) {
        if (fraction < 1 && t - phase.lastDrawnAt < redrawMs) return;
        const width = 24;
        const filled = Math.round(fraction * width);
        const line = `[${name}] ${'#'.repeat(filled)}${'-'.repeat(width - filled)} ${percent} ${figures(phase, done, total, t)}${detail ? ` ${detail}` : ''}`;
        if (line !== lastDrawn) {
          stream.write(`\r\x1b[2K${line}`);
          lastDrawn = line;
          phase.lastDrawnAt = t;
        }
        return;
      }
      if (fraction === 1) {
        if (!phase.ended) {
          const seconds = (t - phase.startedAt) / 1000;
          const counted = done - phase.startDone;
          const rate = seconds > 0 && counted > 0 ? `, ${compactNumber(counted / seconds)}/s` : '';
          stream.write(`[${name}] done: ${compactNumber(done)} in ${shortDuration(seconds)}${rate}\n`);
          phase.ended = true;
        }
        return;
      }
      if (t - phase.lastLoggedAt >= logEveryMs) {
        stream.write(`[${name}] ${percent} ${figures(phase, done, total, t)}${detail ? ` ${detail}` : ''}\n`);
        phase.lastLoggedAt = t;
      }
    },
    finish() {
      if (enabled && tty && lastDrawn !== '') stream.write('\n');
      lastDrawn = '';
      phase = null;
    },
  };
}

/**
 * Progress for long CLI work, on stderr. On a terminal one line is redrawn in place
 * (`[train] ######------ 45% insult`); elsewhere (CI logs, pipes) a line is written when a phase
 * starts and when it ends, so logs stay readable.
 */
export interface Progress {
  /** Reports `done` of `total` units of `phase`, with an optional detail. */
  update(phase: string, done: number, total: number, detail?: string): void;
  /** Ends the current line. */
  finish(): void;
}

export function createProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, enabled = true): Progress {
  let current: string | null = null;
  let lastDrawn = '';
  const tty = stream.isTTY === true;
  return {
    update(phase, done, total, detail) {
      if (!enabled) return;
      const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
      if (tty) {
        const width = 24;
        const filled = Math.round(fraction * width);
        const line = `[${phase}] ${'#'.repeat(filled)}${'-'.repeat(width - filled)} ${Math.round(fraction * 100)}%${detail ? ` ${detail}` : ''}`;
        if (line !== lastDrawn) {
          stream.write(`\r\x1b[2K${line}`);
          lastDrawn = line;
        }
        current = phase;
        return;
      }
      if (current !== phase) {
        stream.write(`[${phase}] started${detail ? ` (${detail})` : ''}\n`);
        current = phase;
      }
      if (fraction === 1 && lastDrawn !== phase) {
        stream.write(`[${phase}] done\n`);
        lastDrawn = phase;
      }
    },
    finish() {
      if (enabled && tty && lastDrawn !== '') stream.write('\n');
      lastDrawn = '';
      current = null;
    },
  };
}

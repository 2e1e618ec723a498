/** A run's progress: the counts of each phase, and the status line drawn on stderr while it sends. */

/** Progress of one phase (history or live), updated as it runs, so a stopped run can still be reported. */
export interface Phase {
  sent: number;
  total: number;
  /** When the phase started, Unix ms; 0 if it never did. */
  startedAt: number;
}

/**
 * One status line on stderr: redrawn in place on a terminal, every 10 %
 * otherwise. `update(fraction, text)` takes the share done (0-1) and a
 * description; `end()` finishes the line.
 */
export function createStatusLine() {
  const tty = Boolean(process.stderr.isTTY);
  let drawn = false;
  let lastDecile = -1;
  return {
    update(fraction: number, text: string) {
      const width = 24;
      const filled = Math.round(fraction * width);
      const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${text}`;
      if (tty) {
        process.stderr.write(`\r\x1b[2K${line}`);
        drawn = true;
      } else if (Math.floor(fraction * 10) > lastDecile) {
        lastDecile = Math.floor(fraction * 10);
        process.stderr.write(`${line}\n`);
      }
    },
    end() {
      if (drawn) process.stderr.write("\n");
      drawn = false;
      lastDecile = -1;
    },
  };
}

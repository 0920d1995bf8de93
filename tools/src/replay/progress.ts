// A progress bar on stderr: redrawn in place on a terminal; when stderr is a file or a pipe (CI logs), a plain
// line every few seconds instead, so logs stay readable.
export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Seconds between plain lines when not a terminal. */
  plainEverySeconds?: number;
}

export class Progress {
  private done = 0;
  private blocked = 0;
  private failed = 0;
  private readonly started = performance.now();
  private lastDraw = 0;
  private readonly stream: NonNullable<ProgressOptions["stream"]>;
  private readonly tty: boolean;
  private readonly plainEveryMs: number;

  constructor(
    private readonly total: number,
    options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    this.plainEveryMs = (options.plainEverySeconds ?? 5) * 1000;
  }

  tick(outcome: { allowed?: boolean; failed?: boolean }) {
    this.done++;
    if (outcome.failed) this.failed++;
    else if (outcome.allowed === false) this.blocked++;
    const now = performance.now();
    if (now - this.lastDraw >= (this.tty ? 100 : this.plainEveryMs)) {
      this.lastDraw = now;
      this.draw(false);
    }
  }

  finish() {
    this.draw(true);
  }

  private draw(final: boolean) {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const eta = rate > 0 ? Math.ceil((this.total - this.done) / rate) : 0;
    const pct = this.total === 0 ? 100 : Math.floor((this.done / this.total) * 100);
    const stats =
      `${this.done}/${this.total} rows ${pct}% · ${rate.toFixed(0)} rows/s · ` +
      `allowed:false ${this.blocked}${this.failed ? ` · failed ${this.failed}` : ""}` +
      (final ? ` · ${seconds.toFixed(1)} s` : ` · ETA ${eta} s`);
    if (this.tty) {
      const width = Math.max(10, Math.min(40, (this.stream.columns ?? 80) - stats.length - 4));
      const filled = this.total === 0 ? width : Math.round((this.done / this.total) * width);
      this.stream.write(
        `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${stats}\x1b[K${final ? "\n" : ""}`,
      );
    } else {
      this.stream.write(`replay: ${stats}\n`);
    }
  }
}

// The progress bar redraws in place on a terminal and prints plain lines elsewhere (CI logs stay readable).
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { Progress } from "../src/replay/progress.ts";

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY, columns: 100 },
  );
  return { stream, text: () => chunks.join("") };
}

describe("Progress", () => {
  it("redraws one line with \\r on a terminal and ends it with a newline", () => {
    const out = capture(true);
    const p = new Progress(4, { stream: out.stream });
    p.tick({ allowed: true });
    p.tick({ allowed: false });
    p.tick({ failed: true });
    p.tick({ allowed: true });
    p.finish();
    expect(out.text().startsWith("\r[")).toBe(true);
    expect(out.text().split("\n")).toHaveLength(2);
    // eslint-disable-next-line no-control-regex -- the terminal escape sequences are what this checks
    expect(out.text()).toMatch(/\[#+\] 4\/4 rows 100% .* allowed:false 1 · failed 1 · [\d.]+ s\x1b\[K\n$/);
  });

  it("prints whole lines, at most one per interval, when not a terminal", () => {
    const out = capture(false);
    const p = new Progress(1000, { stream: out.stream, plainEverySeconds: 3600 });
    for (let i = 0; i < 1000; i++) p.tick({ allowed: true });
    p.finish();
    const lines = out.text().trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(out.text()).not.toContain("\r");
    expect(lines.at(-1)).toMatch(/^replay: 1000\/1000 rows 100% /);
  });
});

// The sign-in throttle's arithmetic, on a clock of our own (the API-level behaviour is in console-auth.test.ts).
import { describe, expect, it } from "vitest";
import { MAX_FAILURES, SignInThrottle, WINDOW_MS } from "../src/auth/sign-in-throttle.ts";

const START = 1_000_000;

function throttleAt() {
  const clock = { t: START };
  return { clock, throttle: new SignInThrottle(() => clock.t) };
}

describe("SignInThrottle", () => {
  it(`lets ${MAX_FAILURES} attempts through in the window, then waits until the oldest is a window old`, () => {
    const { clock, throttle } = throttleAt();
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(throttle.attempt("a@x.dev")).toBe(0);
      clock.t += 1000;
    }
    expect(throttle.attempt("a@x.dev")).toBe(START + WINDOW_MS - clock.t);
    clock.t = START + WINDOW_MS - 1;
    expect(throttle.attempt("a@x.dev")).toBe(1);
    // The oldest attempt leaves the window: one more goes through, and the next waits for the second oldest.
    clock.t = START + WINDOW_MS;
    expect(throttle.attempt("a@x.dev")).toBe(0);
    expect(throttle.attempt("a@x.dev")).toBe(START + 1000 + WINDOW_MS - clock.t);
  });

  it("counts an attempt when it starts, so parallel attempts cannot all pass before the first one fails", () => {
    const { throttle } = throttleAt();
    const waits = Array.from({ length: 50 }, () => throttle.attempt("a@x.dev"));
    expect(waits.filter((w) => w === 0)).toHaveLength(MAX_FAILURES);
  });

  it("counts each address on its own, and a success clears only that address", () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < MAX_FAILURES; i++) {
      throttle.attempt("a@x.dev");
      throttle.attempt("b@x.dev");
    }
    expect(throttle.attempt("c@x.dev")).toBe(0);
    throttle.succeeded("a@x.dev");
    expect(throttle.attempt("a@x.dev")).toBe(0);
    expect(throttle.attempt("b@x.dev")).toBe(WINDOW_MS);
  });

  it("attempts older than the window are forgotten", () => {
    const { clock, throttle } = throttleAt();
    for (let i = 0; i < MAX_FAILURES; i++) throttle.attempt("a@x.dev");
    clock.t += WINDOW_MS;
    expect(throttle.attempt("a@x.dev")).toBe(0);
  });
});

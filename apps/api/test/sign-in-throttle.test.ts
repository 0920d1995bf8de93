// The sign-in throttle's arithmetic, on a clock of our own (the API-level behaviour is in console-auth.test.ts).
import { describe, expect, it } from "vitest";
import { MAX_FAILURES, SignInThrottle, WINDOW_MS } from "../src/auth/sign-in-throttle.ts";

const START = 1_000_000;

function throttleAt(maxTracked?: number) {
  const clock = { t: START };
  return { clock, throttle: new SignInThrottle(() => clock.t, maxTracked) };
}

const lock = (throttle: SignInThrottle, email: string) => {
  for (let i = 0; i < MAX_FAILURES; i++) throttle.attempt(email);
};

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

  // Found in review: past the size bound the least recent address went first, and a locked address is never
  // refreshed (its attempts are refused), so a flood of other addresses lifted the lock.
  it("a flood of other addresses never lifts a lock; room comes from expired, then unlocked addresses", () => {
    const { clock, throttle } = throttleAt(3);
    lock(throttle, "victim@x.dev");
    for (let i = 0; i < 50; i++) {
      throttle.attempt(`flood-${i}@x.dev`);
      clock.t += 1;
    }
    expect(throttle.attempt("victim@x.dev")).toBeGreaterThan(0);
    // Expired addresses go before live ones: two old ones, then a lock, then a new address.
    const { clock: c2, throttle: t2 } = throttleAt(3);
    t2.attempt("old-1@x.dev");
    t2.attempt("old-2@x.dev");
    c2.t += WINDOW_MS;
    t2.attempt("live@x.dev");
    lock(t2, "victim@x.dev");
    expect(t2.attempt("victim@x.dev")).toBeGreaterThan(0);
    t2.attempt("live@x.dev");
    expect(t2.attempt("victim@x.dev")).toBeGreaterThan(0);
  });

  it("when every tracked address is locked, the least recent one makes room", () => {
    const { throttle } = throttleAt(2);
    lock(throttle, "a@x.dev");
    lock(throttle, "b@x.dev");
    lock(throttle, "c@x.dev");
    expect(throttle.attempt("a@x.dev")).toBe(0);
    expect(throttle.attempt("c@x.dev")).toBeGreaterThan(0);
  });
});

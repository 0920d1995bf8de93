// The sign-in throttle's arithmetic, on a clock of our own (the API-level behaviour is in console-auth.test.ts).
import { describe, expect, it } from "vitest";
import { MAX_FAILURES, SignInThrottle, WINDOW_MS } from "../src/auth/sign-in-throttle.ts";

function throttleAt(start = 1_000_000) {
  const clock = { t: start };
  return { clock, throttle: new SignInThrottle(() => clock.t) };
}

describe("SignInThrottle", () => {
  it(`refuses after ${MAX_FAILURES} failures in the window, until the oldest of them is a window old`, () => {
    const { clock, throttle } = throttleAt();
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      throttle.failed("a@x.dev");
      clock.t += 1000;
    }
    expect(throttle.retryAfterMs("a@x.dev")).toBe(0);
    const first = 1_000_000;
    throttle.failed("a@x.dev");
    expect(throttle.retryAfterMs("a@x.dev")).toBe(first + WINDOW_MS - clock.t);
    clock.t = first + WINDOW_MS - 1;
    expect(throttle.retryAfterMs("a@x.dev")).toBe(1);
    // The oldest failure leaves the window: one more attempt is allowed, and failing it locks again.
    clock.t = first + WINDOW_MS;
    expect(throttle.retryAfterMs("a@x.dev")).toBe(0);
    throttle.failed("a@x.dev");
    expect(throttle.retryAfterMs("a@x.dev")).toBe(first + 1000 + WINDOW_MS - clock.t);
  });

  it("counts each address on its own, and a success clears only that address", () => {
    const { throttle } = throttleAt();
    for (let i = 0; i < MAX_FAILURES; i++) {
      throttle.failed("a@x.dev");
      throttle.failed("b@x.dev");
    }
    expect(throttle.retryAfterMs("c@x.dev")).toBe(0);
    throttle.succeeded("a@x.dev");
    expect(throttle.retryAfterMs("a@x.dev")).toBe(0);
    expect(throttle.retryAfterMs("b@x.dev")).toBe(WINDOW_MS);
  });

  it("failures older than the window are forgotten", () => {
    const { clock, throttle } = throttleAt();
    for (let i = 0; i < MAX_FAILURES - 1; i++) throttle.failed("a@x.dev");
    clock.t += WINDOW_MS;
    throttle.failed("a@x.dev");
    expect(throttle.retryAfterMs("a@x.dev")).toBe(0);
  });
});

// Failed sign-ins per email address: after MAX_FAILURES within WINDOW_MS, that address is refused — before its
// password is checked — until the oldest of those failures is WINDOW_MS old. A success clears the address. An
// attempt counts as a failure from its start, so a burst of parallel guesses gets no more password checks.
//
// Per email, not per client address: the console signs users in from its own server, so the API sees one address
// for all of them. Unknown addresses count exactly like known ones, so the refusal tells nobody which emails have
// accounts. Process-local: N API processes allow N times the failures (documented in docs/console.md). The price
// of the design is that anyone can keep one address locked out by failing on purpose; the lock lifts by itself.
// Memory is bounded (MAX_TRACKED addresses; see evict for why a flood of addresses cannot lift a lock).

export const MAX_FAILURES = 10;
export const WINDOW_MS = 15 * 60_000;
/** Addresses tracked at once, so a flood of addresses cannot grow memory (~65 MiB at worst). */
export const MAX_TRACKED = 100_000;

export class SignInThrottle {
  /** Attempt times per address that have not succeeded, oldest first, at most MAX_FAILURES; the map's order: least
   * recently attempted first. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxTracked = MAX_TRACKED,
  ) {}

  /**
   * An attempt to sign in as `email`: 0 when it may go ahead, and then it already counts as a failure (a success
   * takes it back with `succeeded`); otherwise the milliseconds until it may, and nothing is counted. Counting at
   * the start means parallel attempts cannot all pass the check before the first password check ends.
   */
  attempt(email: string): number {
    const times = this.recent(email);
    if (times.length >= MAX_FAILURES) return times[0]! + WINDOW_MS - this.now();
    times.push(this.now());
    this.failures.delete(email);
    this.failures.set(email, times);
    if (this.failures.size > this.maxTracked) this.evict(email);
    return 0;
  }

  /**
   * Makes room, never at a locked address's expense while another will do: a flood of other addresses must not
   * lift a lock (an attempt on a locked address is refused without refreshing it, so it would age first). Drops the
   * expired first, then the least recently attempted address other than `newest` that is not locked. If all of
   * them are locked (a million attempts within the window, at the default size), the least recent lock goes, the
   * one that would lift soonest: better than leaving `newest`, and every address after it, uncounted.
   */
  private evict(newest: string): void {
    const cutoff = this.now() - WINDOW_MS;
    for (const [email, times] of this.failures) if (times.at(-1)! <= cutoff) this.failures.delete(email);
    if (this.failures.size <= this.maxTracked) return;
    for (const [email, times] of this.failures) {
      if (email !== newest && times.filter((t) => t > cutoff).length < MAX_FAILURES) {
        this.failures.delete(email);
        return;
      }
    }
    this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(email: string): void {
    this.failures.delete(email);
  }

  private recent(email: string): number[] {
    const cutoff = this.now() - WINDOW_MS;
    const times = (this.failures.get(email) ?? []).filter((t) => t > cutoff);
    if (times.length === 0) this.failures.delete(email);
    return times;
  }
}

/** The process's throttle (sign-in is rare; one instance serves every server in the process). */
export const signInThrottle = new SignInThrottle();

// Password hashing: argon2id (OWASP's first choice) through @node-rs/argon2, which ships prebuilt binaries on npm.
import { hash, verify } from "@node-rs/argon2";
import { badInput } from "@spendline/domain";

// OWASP's minimum argon2id profile: 19 MiB, 2 passes, 1 lane (argon2id is the library's default algorithm).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 256;

export function assertPasswordPolicy(password: unknown, field = "password"): string {
  if (
    typeof password !== "string" ||
    password.length < MIN_PASSWORD_LENGTH ||
    password.length > MAX_PASSWORD_LENGTH
  ) {
    throw badInput(field, `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  }
  return password;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of nothing anyone knows: verifying against it when the email is unknown costs the same as a real check,
 * so response time does not tell which emails have accounts. */
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (typeof password !== "string" || password.length > MAX_PASSWORD_LENGTH) return false;
  if (passwordHash === null) {
    dummyHash ??= hash("spendline-no-such-user", OPTIONS);
    await verify(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

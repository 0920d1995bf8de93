// UUIDv7 (RFC 9562): 48-bit millisecond timestamp, then randomness. Ledger ids sort by time, so the id is also the
// paging cursor and the index stays append-mostly.
import crypto from "node:crypto";

/** Random bytes are drawn from the OS in blocks: one randomFillSync per id showed in the recording profile. */
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

export function uuidv7(at: Date = new Date()): string {
  if (next === POOL_IDS) {
    crypto.randomFillSync(pool);
    next = 0;
  }
  const bytes = pool.subarray(16 * next, 16 * ++next);
  const ms = at.getTime();
  // 48-bit big-endian milliseconds (beyond 32 bits, so plain arithmetic rather than bit shifts).
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Any RFC 9562 UUID in its canonical text form: ids from clients are checked before they reach a uuid column. */
export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

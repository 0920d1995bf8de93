// Money in the console stays a decimal string as the API sent it. Comparing and checking need no float: scale to
// a BigInt of 10^-18 units (the ledger's precision).
const DECIMAL = /^-?\d{1,20}(\.\d{1,18})?$/;
const SCALE = 18;

export function isDecimalString(s: string): boolean {
  return DECIMAL.test(s);
}

export function toUnits(s: string): bigint {
  if (!DECIMAL.test(s)) throw new Error(`not a decimal: ${s}`);
  const neg = s.startsWith("-");
  const [int, frac = ""] = (neg ? s.slice(1) : s).split(".");
  const units = BigInt(int!) * 10n ** BigInt(SCALE) + BigInt(frac.padEnd(SCALE, "0"));
  return neg ? -units : units;
}

export function compareDecimal(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const d = toUnits(a) - toUnits(b);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

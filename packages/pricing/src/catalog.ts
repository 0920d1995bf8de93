// The model price catalog: the per-model price data bundled in @pydantic/genai-prices (an open, maintained dataset
// with cache-read and cache-write rates). We use the package only to FIND a model's price record (its provider and
// model matching, date-normalised ids and dated / time-of-day price changes) and read the raw rates from it; the
// arithmetic is ours, in Decimal. Its own float totals are never used.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { calcPrice, type ModelPrice, type TieredPrices } from "@pydantic/genai-prices";
import { Decimal } from "@spendline/domain";
import type { ModelRates, Rate } from "./price-tokens.ts";

/** e.g. "genai-prices@0.1.8": names the data, so a ledger row says which prices it was costed with. */
export const CATALOG_VERSION = `genai-prices@${packageVersion()}`;

export interface CatalogPrice {
  rates: ModelRates;
  providerId: string;
  modelId: string;
  /** CATALOG_VERSION plus the provider and model entry, e.g. "genai-prices@0.1.8:anthropic/claude-sonnet-4-5". */
  priceVersion: string;
}

function packageVersion(): string {
  // The package's exports map hides package.json; find it beside its entry point.
  const require = createRequire(import.meta.url);
  let dir = path.dirname(require.resolve("@pydantic/genai-prices"));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "@pydantic/genai-prices" && pkg.version) return pkg.version;
    }
  }
  throw new Error("@pydantic/genai-prices: package.json not found");
}

/**
 * A catalog number as an exact Decimal. The data ships as decimal literals (0.075, 3.75); a JS number's shortest
 * round-trip string is that literal, so String() recovers it exactly.
 */
function exact(n: number): Decimal {
  if (!Number.isFinite(n) || n < 0) throw new Error(`genai-prices: invalid price ${n}`);
  return new Decimal(String(n));
}

function toRate(value: number | TieredPrices | undefined): Rate | null {
  if (value === undefined) return null;
  if (typeof value === "number") return { base: exact(value), tiers: [] };
  return { base: exact(value.base), tiers: value.tiers.map((t) => ({ start: t.start, price: exact(t.price) })) };
}

/** The rates we use from a catalog price record. Prices for units we do not count (audio, images, web searches,
 * pages) are ignored: a usage report carries text token counts only. */
export function ratesFromCatalog(prices: ModelPrice): ModelRates {
  const perRequest = prices.requests_kcount;
  return {
    input: toRate(prices.input_mtok),
    output: toRate(prices.output_mtok),
    cacheRead: toRate(prices.cache_read_mtok),
    cacheWrite: toRate(prices.cache_write_mtok),
    reasoning: toRate(prices.output_reasoning_mtok),
    // requests_kcount is USD per 1,000 requests; it is never tiered in the data.
    perRequestUsd: typeof perRequest === "number" ? exact(perRequest).div(1000) : null,
  };
}

interface Found {
  providerId: string;
  modelId: string;
  /** Whether the model's price changes with the date or time of day (then it is looked up per call). */
  timeDependent: boolean;
  prices: ModelPrice;
}

// Lookups are memoised per (provider, model): matching walks ~1,700 models (~0.1 ms). Bounded, since model names
// come from clients.
const MAX_MEMO = 10_000;
const memo = new Map<string, Found | null>();

function find(model: string, provider: string | null, at: Date): Found | null {
  let result: ReturnType<typeof calcPrice>;
  try {
    // An empty usage makes calcPrice a pure lookup; we take its price record, not its (float, zero) totals.
    result = calcPrice({}, model, { ...(provider ? { providerId: provider } : {}), timestamp: at });
  } catch {
    // Data the package itself cannot use: treat the model as not in the catalog (UNPRICED), never as free.
    return null;
  }
  if (!result) return null;
  return {
    providerId: result.provider.id,
    modelId: result.model.id,
    timeDependent: Array.isArray(result.model.prices),
    prices: result.model_price,
  };
}

/**
 * The catalog's price for `model` at `at`, or null when the catalog does not know it. With `provider`, only that
 * provider's price list is searched (a model served by an unknown provider is not guessed at); without one, the
 * provider is inferred from the model name.
 */
export function catalogPrice(model: string, options: { provider?: string | null; at?: Date } = {}): CatalogPrice | null {
  const provider = options.provider?.trim() || null;
  const at = options.at ?? new Date();
  const key = `${provider ?? ""}\u0000${model}`;
  let found = memo.get(key);
  if (found === undefined) {
    found = find(model, provider, at);
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, found);
  }
  if (found?.timeDependent) found = find(model, provider, at);
  if (!found) return null;
  return {
    rates: ratesFromCatalog(found.prices),
    providerId: found.providerId,
    modelId: found.modelId,
    priceVersion: `${CATALOG_VERSION}:${found.providerId}/${found.modelId}`,
  };
}

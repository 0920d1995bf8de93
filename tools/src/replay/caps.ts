// The demo tenants' caps, generated from what this run will send, so that some tenants cross their caps whatever
// the input's size (the full trace or a 30-row fixture): acme's daily HARD cap is half its spend, globex has a
// generous daily HARD cap and a monthly SOFT cap at 40 %, initech a daily HARD token cap at 60 % of its tokens,
// umbrella a TOTAL HARD cap it stays under. Limits are rounded down to 2 significant digits, so they read well.
import { Decimal } from "@spendline/domain";
import type { TenantPlan } from "./plan.ts";

export type Period = "DAY" | "WEEK" | "MONTH" | "TOTAL";
export type Enforcement = "HARD" | "SOFT";

export interface CapSpec {
  tenant: string;
  name: string;
  period: Period;
  enforcement: Enforcement;
  limitCostUsd: string | null;
  limitTokens: string | null;
}

export function generateCaps(plans: readonly TenantPlan[]): CapSpec[] {
  const caps: CapSpec[] = [];
  for (const [i, plan] of plans.entries()) {
    const slug = plan.tenant.slug;
    const spend = (fraction: string) => cost(plan.costUsd.times(fraction));
    const tokens = (fraction: string) =>
      tokenLimit(new Decimal((plan.inputTokens + plan.outputTokens).toString()).times(fraction));
    const cap = (
      name: string,
      period: Period,
      enforcement: Enforcement,
      limitCostUsd: string | null,
      limitTokens: string | null,
    ) => caps.push({ tenant: slug, name, period, enforcement, limitCostUsd, limitTokens });
    switch (i % 4) {
      case 0:
        cap("daily hard cap", "DAY", "HARD", spend("0.5"), null);
        break;
      case 1:
        cap("daily hard cap", "DAY", "HARD", spend("2"), null);
        cap("monthly soft cap", "MONTH", "SOFT", spend("0.4"), null);
        break;
      case 2:
        cap("daily token cap", "DAY", "HARD", null, tokens("0.6"));
        break;
      default:
        cap("total hard cap", "TOTAL", "HARD", spend("1.5"), null);
    }
  }
  return caps;
}

function cost(d: Decimal): string {
  // A tenant with no rows still gets a cap it can be checked against.
  if (d.isZero()) return "0.01";
  return d.toSignificantDigits(2, Decimal.ROUND_DOWN).toFixed();
}

function tokenLimit(d: Decimal): string {
  if (d.lessThan(1)) return "1000";
  return d.toSignificantDigits(2, Decimal.ROUND_DOWN).toFixed(0);
}

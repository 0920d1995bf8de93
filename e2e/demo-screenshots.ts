// README screenshots from the demo data: run `pnpm start` (API with demo data) and `pnpm web`, then
//   cd e2e && npx tsx demo-screenshots.ts [consoleUrl] [outDir]
// Signs in as the demo admin and captures the overview and the acme tenant (the ledger-drift report's scenario).
import path from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium.ts";

const base = process.argv[2] ?? "http://127.0.0.1:3000";
const out = path.resolve(process.argv[3] ?? "../docs/screenshots");

const browser = await chromium.launch(chromiumLaunchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill("admin@demo.spendline.dev");
  await page.getByLabel("Password").fill("spendline-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("tenants-table").waitFor();
  await page.locator(".recharts-line").first().waitFor();
  await page.screenshot({ path: path.join(out, "overview.png"), fullPage: true });
  await page.goto(`${base}/tenants/acme`);
  await page.getByTestId("drift-chart").getByTestId("blocked-marker").first().waitFor();
  await page.screenshot({ path: path.join(out, "tenant-detail.png"), fullPage: true });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
}

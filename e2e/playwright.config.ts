// End-to-end tests against the BUILT console (next build + next start) and a real API on a fresh PGlite
// directory. run-ci.sh starts both and sets the variables below; Debian's chromium is the browser.
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium.ts";

export default defineConfig({
  testDir: "./tests",
  // One API, one data directory: specs run one after the other.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: process.env.E2E_OUTPUT_DIR ?? "/tmp/spendline-e2e-results",
  use: {
    baseURL: process.env.E2E_WEB_URL,
    viewport: { width: 1366, height: 900 },
    trace: "off",
    launchOptions: chromiumLaunchOptions,
  },
});

import { defineConfig } from "vitest/config";
import { singleGraphql } from "../vitest.shared.ts";

export default defineConfig({
  resolve: singleGraphql,
  test: {
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Integration files start their own API and database; two at a time fits two cores.
    maxWorkers: 2,
  },
});

import { defineConfig } from "vitest/config";
import { singleGraphql } from "../../vitest.shared.ts";

export default defineConfig({
  resolve: singleGraphql,
  test: { testTimeout: 60_000, hookTimeout: 60_000, maxWorkers: 2 },
});

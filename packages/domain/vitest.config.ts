import { defineConfig } from "vitest/config";

// Pure tests, but the property-style loops take a few seconds on a busy 2-core machine.
export default defineConfig({ test: { testTimeout: 30_000 } });

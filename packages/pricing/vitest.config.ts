import { defineConfig } from "vitest/config";

// The catalog cross-check walks every model (~1 s alone); give it room on a shared, busy machine.
export default defineConfig({ test: { testTimeout: 60_000 } });

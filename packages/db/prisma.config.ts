// Prisma CLI configuration: WebAssembly engines only ("js" engine + driver adapter), so generate and migrate run
// offline. The adapter opens the same database the API would (DATABASE_URL, else PGlite in SPENDLINE_DATA_DIR).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapterFactory } from "./src/connection.ts";

const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(root, "prisma/schema.prisma"),
  migrations: { path: path.join(root, "prisma/migrations") },
  adapter: async () => migrationAdapterFactory(),
});

// Benchmark (not a test): the recording path without HTTP or GraphQL — validation, pricing and group commit — as
// `pnpm bench`'s recordUsageBatch cell drives it (100 tenants, batches of 100, 64 in flight). It tells how much of a
// batch's cost is the commit path itself, and how that cost splits between this process and PostgreSQL.
//
//   pnpm --filter @spendline/api bench:commit        (SECONDS=10 IN_FLIGHT=64 PER_REQUEST=100 TENANTS=100)
//
// Runs on the database the tests use (DATABASE_URL, else a fresh PGlite). The PostgreSQL CPU column sums every
// `postgres` process on this machine, so it means something only for a local server that nothing else is using.
import { postgresCpuMsSince, postgresServerCpu } from "@spendline/bench/proc";
import type { Tenant } from "@spendline/db";
import { recordUsages } from "../src/modules/usage/record-usage.ts";
import { startTestApi } from "../test/testkit.ts";

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SECONDS = env("SECONDS", 10);
const IN_FLIGHT = env("IN_FLIGHT", 64);
const PER_REQUEST = env("PER_REQUEST", 100);
const TENANTS = env("TENANTS", 100);

const api = await startTestApi();
const tenants: Tenant[] = [];
for (let i = 0; i < TENANTS; i++) {
  const t = await api.tenant({ prefix: "commit-bench" });
  await api.gql(
    `mutation($t: String!) {
      setBudget(input: { tenant: $t, name: "Daily", period: DAY, limitCostUsd: "50", enforcement: HARD }) { id }
    }`,
    { t: t.slug },
  );
  tenants.push(await api.db.prisma.tenant.findUniqueOrThrow({ where: { slug: t.slug } }));
}

let sent = 0;
function request(tenant: Tenant) {
  return recordUsages(
    api,
    Array.from({ length: PER_REQUEST }, () => {
      const n = ++sent;
      return {
        tenant,
        apiKeyId: null,
        input: {
          tenant: tenant.slug,
          idempotencyKey: `commit-bench-${n}`,
          model: "gpt-4o",
          provider: "azure",
          inputTokens: 1000 + (n % 900),
          outputTokens: 100 + (n % 300),
          costUsd: `0.00${1000 + (n % 8999)}`,
        },
      };
    }),
  );
}

async function run(seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let usages = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (performance.now() < end) {
        await request(tenants[next++ % TENANTS]!);
        usages += PER_REQUEST;
      }
    }),
  );
  return usages;
}

await run(3); // warm-up: JIT, prepared statements, the database's caches
const cpu0 = process.cpuUsage();
const pg0 = postgresServerCpu();
const t0 = performance.now();
const usages = await run(SECONDS);
const cpu = process.cpuUsage(cpu0);
const pgMs = postgresCpuMsSince(pg0);
const wall = (performance.now() - t0) / 1000;
const perUsage = (micros: number) => (micros / usages).toFixed(1);
console.log(
  `${usages} usages in ${wall.toFixed(1)} s: ${Math.round(usages / wall)}/s; ` +
    `this process ${perUsage(cpu.user + cpu.system)} µs/usage` +
    (pgMs === null ? "" : `, PostgreSQL ${perUsage(pgMs * 1000)} µs/usage`),
);
await api.close();

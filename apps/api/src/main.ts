// Starts the API: open (and migrate) the database, make sure there is an admin token, optionally seed demo data,
// serve, and on SIGTERM / SIGINT drain in-flight requests before closing the database.
import { DataDirectoryLockedError, openDatabase } from "@spendline/db";
import { ensureAdminToken } from "./auth/admin-token.ts";
import { loadConfig } from "./config.ts";
import { seedDemo } from "./demo/seed-demo.ts";
import { startApiServer } from "./http/server.ts";
import { createLogger } from "./logger.ts";
import { ensureUser } from "./modules/users/manage-users.ts";

const config = loadConfig();
const log = createLogger(config.logLevel);

async function main() {
  let db;
  try {
    db = await openDatabase();
  } catch (e) {
    if (e instanceof DataDirectoryLockedError) {
      log.fatal(e.message);
      process.exit(2);
    }
    throw e;
  }
  const admin = ensureAdminToken(config.adminToken, config.adminTokenFile);
  if (config.firstAdmin) {
    const first = await ensureUser(
      { db },
      { ...config.firstAdmin, name: "Admin", role: "ADMIN", actor: "bootstrap:SPENDLINE_ADMIN_EMAIL", onlyIfNoUsers: true },
    );
    if (first.created) log.info({ email: config.firstAdmin.email }, "first console admin created from the environment");
  }
  let demoUsers: { email: string; password: string; role: string }[] = [];
  if (process.argv.includes("--demo")) {
    const demo = await seedDemo(db, log);
    demoUsers = demo.users;
    if (demo.seeded) {
      for (const [slug, key] of Object.entries(demo.keys)) log.info({ tenant: slug, key }, "demo service API key");
    }
  }
  const server = await startApiServer({
    db,
    adminToken: admin.token,
    log,
    port: config.port,
    host: config.host,
    production: config.production,
    maxBodyBytes: config.maxBodyBytes,
  });
  log.info({ url: `${server.url}/graphql`, database: db.location }, "Spendline API listening");
  if (demoUsers.length) {
    // Demo sign-ins for the console: printed on every demo start, they are demo data, not secrets.
    process.stdout.write(
      `\n  Console demo users (sign in at the console, \`pnpm web\`):\n` +
        demoUsers.map((u) => `    ${u.role.padEnd(8)} ${u.email}  password: ${u.password}\n`).join("") +
        "\n",
    );
  }
  if (admin.source === "generated") {
    // Printed once, plainly, so a newcomer can copy it; it is also stored for clients on this machine.
    process.stdout.write(
      `\n  Admin token (generated, stored in ${admin.file}):\n  ${admin.token}\n\n` +
        `  Try: curl -s ${server.url}/graphql -H 'content-type: application/json' \\\n` +
        `         -H "authorization: Bearer $(cat ${admin.file})" -d '{"query":"{ tenants { slug name } }"}'\n\n`,
    );
  } else {
    log.info({ source: admin.source, file: admin.source === "stored" ? admin.file : undefined }, "admin token loaded");
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "draining in-flight requests");
    const force = setTimeout(() => {
      log.error("drain took over 25 s; exiting");
      process.exit(1);
    }, 25_000);
    force.unref();
    await server.close();
    await db.close();
    log.info("stopped cleanly");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((e) => {
  log.fatal({ err: e }, "failed to start");
  process.exit(1);
});

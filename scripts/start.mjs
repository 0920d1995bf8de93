// `pnpm start`: the whole product on one machine — the API on the embedded database with demo data, then the
// console against it. Ctrl-C (or SIGTERM) stops both; the API drains in-flight requests and closes the database.
// `pnpm api` and `pnpm web` start either alone.
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const apiPort = process.env.PORT ?? "4000";
const apiUrl = `http://127.0.0.1:${apiPort}`;
const children = new Set();
let stopping = false;

function run(name, command, args, env = {}, cwd = root) {
  const child = spawn(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
  children.add(child);
  child.on("exit", (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`\n${name} exited (${signal ?? code}); stopping the rest.`);
      stop(code ?? 1);
    } else if (children.size === 0) process.exit(process.exitCode ?? 0);
  });
  return child;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children) child.kill("SIGTERM");
  if (children.size === 0) process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function waitForApi() {
  for (let i = 0; i < 240 && !stopping; i++) {
    try {
      if ((await fetch(`${apiUrl}/healthz`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

// The API runs as a direct child (no pnpm / shell in between), so our SIGTERM reaches it and it drains.
run("API", process.execPath, ["--import", "tsx", "src/main.ts", "--demo"], { PORT: apiPort }, path.join(root, "apps/api"));
if (await waitForApi()) {
  run("console", "bash", ["apps/web/run.sh"], { SPENDLINE_API_URL: apiUrl });
} else if (!stopping) {
  console.error(`The API did not answer on ${apiUrl}/healthz within 2 minutes.`);
  stop(1);
}

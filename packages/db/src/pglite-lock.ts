// One process owns a PGlite data directory at a time: PGlite has no multi-process locking, and two openers lose
// writes silently. The lock is a file holding the owner's pid; a lock whose pid is dead is stale and is taken over.
import fs from "node:fs";
import path from "node:path";

export class DataDirectoryLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `The PGlite data directory ${dataDir} is in use by process ${ownerPid}. ` +
        `Only one process may open it at a time: stop that process (or point SPENDLINE_DATA_DIR elsewhere).`,
    );
    this.name = "DataDirectoryLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory's lock for this process; returns a release function. Throws DataDirectoryLockedError. */
export function lockDataDirectory(dataDir: string): () => void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx", 0o600);
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number.parseInt(fs.readFileSync(lockPath, "utf8").trim(), 10);
      if (owner === process.pid) {
        throw new Error(`BUG: ${dataDir} opened twice in one process; use openDatabase's memoised instance`);
      }
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirectoryLockedError(dataDir, owner);
      // Stale lock of a dead process (kill -9): remove it and try again.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

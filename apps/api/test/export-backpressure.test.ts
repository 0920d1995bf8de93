// The export writer against a real socket: it reads the next page only when the client has taken the previous one,
// and stops reading when the client goes away. An endless page source makes a runaway writer visible at once.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { writeCsv, type PreparedExport } from "../src/http/exports-route.ts";

const PAGE = Array.from({ length: 2000 }, (_, i) => [`row-${i}`, "x".repeat(200)]);
let server: http.Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

function endlessExport(state: { pages: number; ended: boolean }): PreparedExport {
  async function* pages() {
    try {
      for (;;) {
        state.pages++;
        yield PAGE;
      }
    } finally {
      state.ended = true;
    }
  }
  return {
    columns: [
      { name: "a", kind: "text" },
      { name: "b", kind: "text" },
    ],
    fileName: "x.csv",
    bom: false,
    asOf: "",
    records: pages(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("writeCsv back-pressure", () => {
  it("stops reading pages while the client does not read, and ends the source when the client leaves", async () => {
    const state = { pages: 0, ended: false };
    let finished: Promise<boolean> | undefined;
    server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/csv" });
      finished = writeCsv(res, endlessExport(state), { rows: 0 });
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const socket = net.connect((server.address() as AddressInfo).port, "127.0.0.1");
    socket.write("GET /exports/x HTTP/1.1\r\nHost: x\r\n\r\n");
    socket.pause(); // a client that takes nothing: only the kernel's socket buffers can fill
    await sleep(1000);
    const stalled = state.pages;
    await sleep(500);
    // A page is ~420 KB: buffers hold a few pages at most, and the count no longer moves.
    expect(stalled).toBeLessThan(20);
    expect(state.pages).toBe(stalled);
    expect(state.ended).toBe(false);

    socket.destroy();
    expect(await finished).toBe(false);
    expect(state.ended).toBe(true);
  });
});

// A tiny TCP proxy in front of the test API that misbehaves on purpose, one plan step per connection:
// "drop-response" forwards the request, waits until the API has answered (so the usage is committed), then cuts
// the connection without passing the answer on; "503" answers 503 without forwarding; "pass" is a plain proxy.
import net from "node:net";

export type Step = "drop-response" | "503" | "pass";

export interface FaultyProxy {
  url: string;
  /** Connections seen, and request chunks passed to the API. */
  stats: { connections: number; forwardedChunks: number };
  close(): Promise<void>;
}

export async function startFaultyProxy(target: string, plan: Step[]): Promise<FaultyProxy> {
  const upstream = new URL(target);
  const stats = { connections: 0, forwardedChunks: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const step = plan[stats.connections++] ?? "pass";
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => {});
    if (step === "503") {
      client.once("data", () => {
        client.end("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      });
      return;
    }
    const api = net.connect(Number(upstream.port), upstream.hostname);
    sockets.add(api);
    api.on("close", () => sockets.delete(api));
    api.on("error", () => client.destroy());
    client.on("data", (chunk) => {
      stats.forwardedChunks++;
      api.write(chunk);
    });
    client.on("end", () => api.end());
    api.on("data", (chunk) => {
      if (step === "drop-response") {
        // The API has answered: the usage is durable. The client never hears of it.
        api.destroy();
        client.destroy();
        return;
      }
      client.write(chunk);
    });
    api.on("end", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

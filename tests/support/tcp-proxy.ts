/**
 * A TCP proxy in front of a real server, for outage tests that must not stop
 * the shared PostgreSQL: `down()` closes the port and cuts every connection
 * (as a stopped server does), `hang()` accepts connections but never answers
 * (an unreachable host), `up()` forwards again on the same port.
 */
import net from "node:net";

export interface TcpProxy {
  port: number;
  down(): Promise<void>;
  hang(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to `target`. */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let mode: "forward" | "hang" = "forward";
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === "hang") return;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", cut);
    upstream.on("close", cut);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const cutAll = () => {
    for (const s of sockets) s.destroy();
  };
  const stop = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  return {
    port,
    async down() {
      const closed = stop();
      cutAll();
      await closed;
    },
    async hang() {
      mode = "hang";
      cutAll();
      if (!server.listening) await listen(port);
    },
    async up() {
      mode = "forward";
      if (!server.listening) await listen(port);
    },
    async close() {
      const closed = stop();
      cutAll();
      await closed;
    },
  };
}

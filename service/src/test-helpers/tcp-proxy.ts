import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP forwarder that can be cut and restored on the same port: a dependency outage on demand. */
export interface TcpProxy {
  port: number;
  /** Stops listening and cuts every forwarded connection (as a server crash would). */
  cut: () => Promise<void>;
  /** Listens again on the same port. */
  restore: () => Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server = forwarder(target, sockets);
  const listenedPort = await listen(server, port);
  const cut = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  const restore = async () => {
    server = forwarder(target, sockets);
    await listen(server, listenedPort);
  };
  return { port: listenedPort, cut, restore };
}

function forwarder(target: { host: string; port: number }, sockets: Set<Socket>): Server {
  return createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => sockets.delete(socket));
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("proxy did not bind a TCP port");
  return address.port;
}

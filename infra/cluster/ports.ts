import { createServer, type Server } from "node:net";
import { LOOPBACK } from "./network.js";
import type { Ports } from "./state.js";

const PORT_NAMES = ["etcdClient", "etcdPeer", "apiserver", "controllerManager", "scheduler"] as const;

/**
 * Free loopback ports for every listener of a cluster. All are held open together before any is
 * released, so they are distinct; the previous cluster's ports are kept when all are still free (its
 * kubeconfigs and etcd member stay as they were).
 */
export async function choosePorts(previous?: Ports): Promise<Ports> {
  if (previous && (await allFree(Object.values(previous)))) return previous;
  const servers = await Promise.all(PORT_NAMES.map(() => listen(0)));
  try {
    const ports = servers.map((s) => (s.address() as { port: number }).port);
    return Object.fromEntries(PORT_NAMES.map((n, i) => [n, ports[i]])) as Ports;
  } finally {
    await Promise.all(servers.map(close));
  }
}

async function allFree(ports: number[]): Promise<boolean> {
  const held = await Promise.allSettled(ports.map(listen));
  await Promise.all(held.flatMap((h) => (h.status === "fulfilled" ? [close(h.value)] : [])));
  return held.every((h) => h.status === "fulfilled");
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, LOOPBACK, () => resolve(server));
  });
}

const close = (s: Server): Promise<void> => new Promise((resolve) => s.close(() => resolve()));

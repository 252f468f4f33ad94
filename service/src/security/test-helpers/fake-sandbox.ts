import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeSandbox {
  url: string;
  /** Bodies and authorization headers of the jobs received, in order. */
  received: { authorization: string | undefined; body: unknown }[];
  close: () => Promise<void>;
}

/** An HTTP stand-in for the sandbox service's POST /execute, answering every job with `result`. */
export async function startFakeSandbox(result: unknown): Promise<FakeSandbox> {
  const received: FakeSandbox["received"] = [];
  const server = createServer(async (request, response) => {
    received.push({ authorization: request.headers.authorization, body: JSON.parse(await readBody(request)) });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `http://127.0.0.1:${port}`, received, close };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

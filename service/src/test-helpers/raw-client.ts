import { connect, type Socket } from "node:net";

/** What a server sent on one raw connection before closing it. */
export interface RawAnswer {
  /** The status code of the first response, or undefined when none came. */
  status: number | undefined;
  /** The first response's JSON body, when it had one. */
  body: Record<string, unknown> | undefined;
  raw: string;
}

/**
 * A client that can be slow on purpose, which fetch and app.inject cannot: it writes exactly the
 * bytes it is given, when it is given them, and collects what the server sends until it closes.
 */
export class RawClient {
  readonly #socket: Socket;
  readonly #closed: Promise<string>;
  #received = "";

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding("utf8").on("data", (chunk: string) => (this.#received += chunk));
    socket.on("error", () => undefined);
    this.#closed = new Promise((resolve) => socket.once("close", () => resolve(this.#received)));
  }

  /** Whether the server has sent anything yet. */
  get answered(): boolean {
    return this.#received.length > 0;
  }

  static async open(port: number): Promise<RawClient> {
    const socket = connect({ host: "127.0.0.1", port });
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    return new RawClient(socket);
  }

  write(bytes: string): void {
    this.#socket.write(bytes);
  }

  /** The server's answer once it closes the connection; fails (rather than hangs) past `withinMs`. */
  async closedByServer(withinMs: number): Promise<RawAnswer> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the server did not close the connection within ${withinMs} ms`)),
        withinMs,
      );
    });
    try {
      return parseAnswer(await Promise.race([this.#closed, late]));
    } finally {
      clearTimeout(timer);
    }
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

function parseAnswer(raw: string): RawAnswer {
  const status = /^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1];
  const [, rest = ""] = raw.split("\r\n\r\n", 2);
  const body = rest.startsWith("{")
    ? (JSON.parse(rest.slice(0, rest.lastIndexOf("}") + 1)) as Record<string, unknown>)
    : undefined;
  return { status: status === undefined ? undefined : Number(status), body, raw };
}

/** Request head of a POST announcing `contentLength` bytes of JSON. */
export function postHead(path: string, headers: Record<string, string>, contentLength: number): string {
  const lines = Object.entries({
    host: "127.0.0.1",
    "content-type": "application/json",
    "content-length": String(contentLength),
    ...headers,
  });
  return `POST ${path} HTTP/1.1\r\n${lines.map(([name, value]) => `${name}: ${value}`).join("\r\n")}\r\n\r\n`;
}

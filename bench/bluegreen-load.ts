// Load generator for blue/green figures and tests, run as its own process (a second process on
// loopback, as real clients are): paced GETs over keep-alive HTTPS from a fixed pool of sequential
// workers; trusts the CA given in NODE_EXTRA_CA_CERTS. Prints one JSON LoadReport on stdout at the end.
// autocannon is not used: its client hard-codes rejectUnauthorized: false, and we verify TLS.
import { Agent, request } from "node:https";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { compress, summarise, type Sample } from "./bluegreen-samples.js";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    /** Requests per second across all workers. */
    rate: { type: "string", default: "200" },
    /** Upper bound of the run, ms; SIGTERM ends it earlier. */
    "duration-ms": { type: "string", default: "40000" },
    workers: { type: "string", default: "16" },
  },
});
if (values.url === undefined) throw new Error("bluegreen-load: --url is required");
const url = values.url;
const rate = Number(values.rate);
const workers = Number(values.workers);
const deadline = Date.now() + Number(values["duration-ms"]);
const agent = new Agent({ keepAlive: true, maxSockets: workers });
let stopping = false;
process.once("SIGTERM", () => (stopping = true));

function once(): Promise<Sample> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const req = request(url, { agent, timeout: 15_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ sentAt, doneAt: Date.now(), status: res.statusCode ?? 0, colour: str(res.headers["x-app-colour"]), version: str(res.headers["x-app-version"]) }));
    });
    req.on("timeout", () => req.destroy(new Error("no answer within 15000 ms")));
    req.on("error", (err) => resolve({ sentAt, doneAt: Date.now(), status: 0, error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.end();
  });
}

const str = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(",") : v);

/** One worker: sequential requests at its share of the rate; a request never overlaps the worker's next. */
async function worker(index: number): Promise<Sample[]> {
  const intervalMs = (workers * 1000) / rate;
  const samples: Sample[] = [];
  let next = Date.now() + (index * intervalMs) / workers;
  while (!stopping && Date.now() < deadline) {
    await sleep(Math.max(0, next - Date.now()));
    samples.push(await once());
    next += intervalMs;
  }
  return samples;
}

const startedAt = Date.now();
const perWorker = await Promise.all(Array.from({ length: workers }, (_, i) => worker(i)));
agent.destroy();
process.stdout.write(`${JSON.stringify({ ...summarise(perWorker.flat(), startedAt, Date.now()), rate, workers, perWorker: perWorker.map(compress) })}\n`);

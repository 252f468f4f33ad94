import { oneOffArgv } from "../../../infra/model/oneOff.js";
import { z } from "zod";
import { run, type CommandError } from "../../../infra/exec/run.js";
import { RunbookError } from "../../cli/errors.js";
import { PORTS } from "../../../infra/model/ports.js";
import type { Verdict } from "../../plan/judge.js";
import type { Colour } from "../../plan/types.js";
import { judgeSmoke, smokeUrls } from "../smokeRequests.js";
import { COMPOSE_DEFAULTS, apiServices, edgeNetwork, type ComposeContext } from "./context.js";

// Runs inside a throwaway container on the edge network; prints one JSON answer per URL.
const CLIENT = `
const out = [];
for (const target of process.argv.slice(1)) {
  try {
    const r = await fetch(target, { signal: AbortSignal.timeout(${COMPOSE_DEFAULTS.requestTimeoutMs}) });
    await r.arrayBuffer();
    out.push({ target, status: r.status, colour: r.headers.get("x-app-colour") ?? undefined, version: r.headers.get("x-app-version") ?? undefined });
  } catch (e) {
    out.push({ target, error: String(e.cause?.code ?? e.cause?.message ?? e.message) });
  }
}
console.log(JSON.stringify(out));`;

const answersSchema = z.array(
  z.object({
    target: z.string(),
    status: z.number().optional(),
    colour: z.string().optional(),
    version: z.string().optional(),
    error: z.string().optional(),
  }),
);

/** The argv of the throwaway client: hardened like every container, on the edge network only. */
export function smokeArgv(c: ComposeContext, colour: Colour, clientImage: string): string[] {
  const urls = smokeUrls(apiServices(c, colour).map((svc) => `http://${svc}:${PORTS.apiHttp}`));
  return oneOffArgv(
    {
      image: clientImage,
      network: edgeNetwork(c),
      user: "65534:65534",
      limits: { memoryMiB: 128, pids: 64 },
      entrypoint: "node",
    },
    ["--input-type=module", "-e", CLIENT, ...urls],
  );
}

/**
 * Smokes a colour directly, not through the proxy: a throwaway container on the edge network asks every
 * replica by its service name. The client runs on `clientImage` (the live colour's, known to work), so
 * a broken candidate cannot fail its own test harness.
 */
export async function smokeDirect(
  c: ComposeContext,
  colour: Colour,
  expectVersion: string | undefined,
  clientImage: string,
): Promise<Verdict> {
  const out = await run(smokeArgv(c, colour, clientImage), { timeoutMs: 60_000 }).catch((err: CommandError) => {
    throw new RunbookError(
      "SMOKE_FAILED",
      `the smoke client on ${edgeNetwork(c)} could not run (exit ${err.exitCode ?? "signal"}): ${err.stderrTail}`,
    );
  });
  const answers = answersSchema.parse(JSON.parse(out.trim().split("\n").at(-1) ?? "[]"));
  return judgeSmoke(answers, expectVersion === undefined ? { colour } : { colour, version: expectVersion });
}

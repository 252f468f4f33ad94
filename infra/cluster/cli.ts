import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { say } from "../exec/progress.js";
import { down } from "./down.js";
import { clusterEnv } from "./env.js";
import { parseDurationMs, type ClusterOptionsInput } from "./options.js";
import { status, statusLines } from "./status.js";
import { up } from "./up.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");

const USAGE = `usage: npm run cluster -- <up|down|env|status> [--name <name>] [--state-dir <dir>]
  up      build (once) and start a local cluster; waits until it is ready
          [--node-runtime kwok|docker] (default kwok: fake nodes, no container runs; docker: one real
          node on this host's Docker engine, one per host) [--nodes <n>] (default 2 kwok, 1 docker)
          [--ready-timeout <90s|3m>] (default 3m)
  down    stop it and remove its state directory (a docker node: its pods drained, then every container,
          mount, iptables chain, bridge and kernel setting it left on the host removed)
  env     print export lines for eval: KUBECONFIG (admin) and PATH (kubectl first)
  status  what runs and answers (exit 0 when ready, 3 when not)
  --name defaults to "local"; the state directory to VERIFIER_CLUSTER_STATE, else
  \${XDG_STATE_HOME:-~/.local/state}/verifier-cluster/<name>`;

/** One handler: an error becomes one red line `error [CODE]: ...` and exit 1; stacks only with VERBOSE. */
async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "state-dir": { type: "string" },
      nodes: { type: "string" },
      "node-runtime": { type: "string" },
      "ready-timeout": { type: "string" },
      help: { type: "boolean" },
    },
  });
  const [command] = positionals;
  const opts: ClusterOptionsInput = {
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values["state-dir"] !== undefined ? { stateDir: values["state-dir"] } : {}),
    ...(values.nodes !== undefined ? { nodes: Number(values.nodes) } : {}),
    ...(values["node-runtime"] !== undefined
      ? { nodeRuntime: values["node-runtime"] as ClusterOptionsInput["nodeRuntime"] }
      : {}),
    ...(values["ready-timeout"] !== undefined
      ? { readyTimeoutMs: parseDurationMs(values["ready-timeout"], "--ready-timeout") }
      : {}),
  };
  if (command === "up") {
    const c = await up(opts, repoRoot);
    const same = [values.name && `--name ${c.name}`, values["state-dir"] && `--state-dir ${c.stateDir}`];
    const flags = same.filter(Boolean).join(" ");
    say(`cluster ${c.name} is up: ${c.server}\n  eval "$(npm run -s cluster -- env${flags ? ` ${flags}` : ""})"`);
    return 0;
  }
  if (command === "down") {
    say((await down(opts)) ? "cluster stopped and its state removed" : "no cluster there; nothing to do");
    return 0;
  }
  if (command === "env") {
    process.stdout.write(`${(await clusterEnv(opts)).join("\n")}\n`);
    return 0;
  }
  if (command === "status") {
    const s = await status(opts);
    process.stdout.write(`${statusLines(s).join("\n")}\n`);
    return s.apiserverReady && s.components.every((c) => c.running) ? 0 : 3;
  }
  say(USAGE);
  return values.help ? 0 : 2;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error & { code?: string }) => {
    process.stderr.write(`\x1b[31merror${err.code ? ` [${err.code}]` : ""}: ${err.message}\x1b[0m\n`);
    if (process.env.VERBOSE) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  },
);

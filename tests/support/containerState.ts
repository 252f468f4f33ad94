import { exec } from "./docker.js";

/**
 * What a running container holds, read from inside it in one `docker exec` of Node (every image
 * of ours has it; one exec instead of one a question): cgroup memory, listening TCP ports,
 * processes, and whether given paths exist. The reading process itself is left out of the count.
 */
export interface ContainerState {
  /** The container cgroup's memory use, bytes: memory.current (cgroup v2) or memory.usage_in_bytes (v1, page cache included). */
  memoryBytes: number;
  /** Local ports of TCP sockets in LISTEN state (IPv4 and IPv6), sorted, without duplicates. */
  listeningPorts: number[];
  /** Processes in the container's PID namespace, not counting the reader. */
  processes: number;
  /** Those of the asked paths that exist. */
  existing: string[];
}

const SCRIPT = `const fs = require("node:fs");
const paths = JSON.parse(process.argv[1]);
const memory = ["/sys/fs/cgroup/memory.current", "/sys/fs/cgroup/memory/memory.usage_in_bytes"].find((f) => fs.existsSync(f));
const listening = ["/proc/net/tcp", "/proc/net/tcp6"].flatMap((f) => fs.existsSync(f) ? fs.readFileSync(f, "utf8").split("\\n").slice(1) : [])
  .map((l) => l.trim().split(/\\s+/)).filter((c) => c[3] === "0A").map((c) => parseInt(c[1].split(":")[1], 16));
process.stdout.write(JSON.stringify({
  memoryBytes: Number(fs.readFileSync(memory, "utf8")),
  listeningPorts: [...new Set(listening)].sort((a, b) => a - b),
  processes: fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p) && Number(p) !== process.pid).length,
  existing: paths.filter((p) => fs.existsSync(p)),
}));`;

export async function containerState(container: string, paths: string[] = []): Promise<ContainerState> {
  return JSON.parse(await exec(container, ["node", "-e", SCRIPT, JSON.stringify(paths)])) as ContainerState;
}

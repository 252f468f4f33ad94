import { run, succeeds } from "../exec/run.js";

/** A missing tool: says which and how to get it. */
export class MissingToolError extends Error {
  readonly code = "TOOL_MISSING";
  constructor(tool: string, fix: string) {
    super(`${tool} is not available: ${fix}`);
    this.name = "MissingToolError";
  }
}

export type ComposeCli = { argv: string[]; version: 1 | 2 };

/** The Docker engine must answer; we never start one behind the user's back (.ci/run does on CI). */
export async function requireEngine(): Promise<void> {
  if (!(await succeeds(["docker", "version", "--format", "{{.Server.Version}}"], { timeoutMs: 15_000 }))) {
    throw new MissingToolError(
      "the Docker engine",
      "install it (apt-get install -y docker.io) and start it (dockerd &), or set DOCKER_HOST; `docker version` must show a Server",
    );
  }
}

/** `docker compose` (v2) when present, else `docker-compose` (v1). */
export async function detectCompose(): Promise<ComposeCli> {
  if (await succeeds(["docker", "compose", "version"])) return { argv: ["docker", "compose"], version: 2 };
  if (await succeeds(["docker-compose", "version"])) return { argv: ["docker-compose"], version: 1 };
  throw new MissingToolError(
    "Docker Compose",
    "install the compose plugin, or docker-compose (apt-get install -y docker-compose)",
  );
}

export async function requireTools(tools: { name: string; fix: string }[]): Promise<void> {
  for (const t of tools) {
    if (!(await succeeds(["sh", "-c", `command -v ${t.name}`]))) throw new MissingToolError(t.name, t.fix);
  }
}

export const composeArgv = (cli: ComposeCli, project: string, file: string, args: string[]): string[] => [
  ...cli.argv,
  "--project-name",
  project,
  "--file",
  file,
  ...args,
];

export async function containerIds(project: string): Promise<string[]> {
  const out = await run(["docker", "ps", "-a", "-q", "--filter", `label=com.docker.compose.project=${project}`]);
  return out.split("\n").filter(Boolean);
}

export async function networkIds(project: string): Promise<string[]> {
  const out = await run(["docker", "network", "ls", "-q", "--filter", `label=verifier.project=${project}`]);
  return out.split("\n").filter(Boolean);
}

import { run } from "../exec/run.js";

export interface ContainerHealth {
  name: string;
  status: string;
  health: string;
}

/** One container as the engine reports it, with its image; an absent one is reported as such, not as an error. */
export async function observeContainer(
  name: string,
  env?: NodeJS.ProcessEnv,
): Promise<ContainerHealth & { image?: string }> {
  const fmt = "{{.Config.Image}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}";
  try {
    const [image = "", status = "", health = ""] = (
      await run(["docker", "inspect", "--format", fmt, name], env ? { env } : {})
    )
      .trim()
      .split("|");
    return { name, image, status, health };
  } catch {
    return { name, status: "absent", health: "none" };
  }
}

export async function inspectHealth(containers: string[], env?: NodeJS.ProcessEnv): Promise<ContainerHealth[]> {
  if (containers.length === 0) return [];
  const fmt = "{{.Name}}|{{.State.Status}}|{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}";
  const out = await run(["docker", "inspect", "--format", fmt, ...containers], env ? { env } : {});
  return out
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [name = "", status = "", health = ""] = line.split("|");
      return { name: name.replace(/^\//, ""), status, health };
    });
}

/**
 * Waits until every container reports healthy, bounded by timeoutMs; on timeout names the laggards
 * with the tail of their logs, so the failure says where to look. `env` reaches another engine (DOCKER_HOST).
 */
export async function waitHealthy(
  containers: string[],
  timeoutMs: number,
  onTick?: (pending: string[]) => void,
  env?: NodeJS.ProcessEnv,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await inspectHealth(containers, env);
    const pending = states.filter((s) => s.health !== "healthy");
    if (pending.length === 0) return;
    const dead = pending.filter((s) => s.status === "exited" || s.status === "dead");
    if (dead.length > 0 || Date.now() > deadline) {
      const detail = await Promise.all((dead.length > 0 ? dead : pending).map((c) => describe(c, env)));
      throw new Error(
        `containers not healthy${Date.now() > deadline ? ` after ${timeoutMs / 1000}s` : ""}:\n${detail.join("\n")}`,
      );
    }
    onTick?.(pending.map((p) => `${p.name}=${p.health}`));
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function describe(s: ContainerHealth, env?: NodeJS.ProcessEnv): Promise<string> {
  const logs = await run(["docker", "logs", "--tail", "15", s.name], env ? { env } : {}).catch((e: Error) => e.message);
  return `  ${s.name}: ${s.status}/${s.health}\n${logs
    .split("\n")
    .map((l) => `    | ${l}`)
    .join("\n")}`;
}

import { RunbookError } from "../../cli/errors.js";

/** The Docker CLI's engine when DOCKER_HOST is unset. */
export const DEFAULT_ENGINE = "unix:///var/run/docker.sock";

/**
 * The runbooks act on a Docker stack with the docker CLI (health, logs, backups, drills), which talks
 * to the engine DOCKER_HOST names. A stack provisioned on another engine (`docker:host`, exported as
 * `dockerHost`) would be looked for on the wrong one: its containers "absent", a backup run against
 * whatever has the same name. So the two must agree, or the runbook stops before touching anything.
 */
export function assertSameEngine(stack: string, exported: string | undefined, env: NodeJS.ProcessEnv): void {
  if (exported === undefined) return;
  const shell = env.DOCKER_HOST?.trim() || DEFAULT_ENGINE;
  if (normalise(exported) === normalise(shell)) return;
  throw new RunbookError(
    "ENGINE_MISMATCH",
    `${stack}: the stack provisions on the Docker engine ${exported} (its docker:host), but this shell's docker CLI talks to ${shell} (DOCKER_HOST${env.DOCKER_HOST ? "" : " unset"}); run \`export DOCKER_HOST=${exported}\` and retry`,
    { dockerHost: exported, shellDockerHost: shell },
  );
}

const normalise = (host: string): string => host.trim().replace(/\/+$/, "");

import { LOCAL_COMMAND, isRunningContainer } from "../read.js";
import type { StackRule, Subject, Violation } from "../types.js";

/**
 * @pulumi/docker v5 cannot set a pids limit, so the program applies it with `docker update
 * --pids-limit` steps; this policy proves every running container has one.
 */
export const pidsLimited: StackRule = {
  name: "pids-limited",
  description: "Every running Docker container gets a pids limit (a `docker update --pids-limit N <name>` step).",
  check(resources: Subject[]): Violation[] {
    const limited = new Set(
      resources
        .filter((s) => s.type === LOCAL_COMMAND)
        .map((s) => /^docker update --pids-limit [1-9]\d* (\S+)$/.exec(String(s.props.create ?? ""))?.[1])
        .filter((name): name is string => name !== undefined),
    );
    return resources
      .filter((s) => isRunningContainer(s) && !limited.has(String(s.props.name)))
      .map((s) => ({
        message: `${String(s.props.name)}: no pids limit step (docker update --pids-limit N ${String(s.props.name)})`,
        ...(s.urn ? { urn: s.urn } : {}),
      }));
  },
};

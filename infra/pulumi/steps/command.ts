import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import { shellLine } from "./plan.js";

export interface StepArgs {
  argv: string[];
  /** Values whose change re-runs the step (an image digest, a container id). */
  triggers: pulumi.Input<unknown>[];
  /** Run when the resource is deleted (destroy, or replaced), undoing what the step made. */
  deleteArgv?: string[];
  /** Extra environment for the step (DOCKER_HOST when the provider is configured with docker:host). */
  environment?: Record<string, string>;
}

/** One imperative step of an `up`, run on the release engineer's machine; re-run when a trigger changes. */
export function step(name: string, args: StepArgs, opts: pulumi.CustomResourceOptions): command.local.Command {
  return new command.local.Command(
    name,
    {
      create: shellLine(args.argv),
      ...(args.deleteArgv ? { delete: shellLine(args.deleteArgv) } : {}),
      triggers: args.triggers,
      ...(args.environment && Object.keys(args.environment).length > 0 ? { environment: args.environment } : {}),
    },
    opts,
  );
}

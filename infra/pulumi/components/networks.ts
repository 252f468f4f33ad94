import * as pulumi from "@pulumi/pulumi";
import type { Build } from "./build.js";

/**
 * The isolation boundary of an environment. Docker: one network per model network (internal ones
 * have no route out). Kubernetes: the namespace (Pod Security "restricted") and its NetworkPolicies,
 * which express the same membership as rules between pods.
 */
export class Networks extends pulumi.ComponentResource {
  /** Model network name (Docker) or "namespace" (Kubernetes) -> the physical name. */
  readonly refs: Record<string, pulumi.Output<string>>;

  constructor(
    name: string,
    args: { build: Build<Record<string, pulumi.Output<string>>> },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("verifier:network:Networks", name, {}, opts);
    this.refs = args.build(this, name);
    this.registerOutputs({ refs: this.refs });
  }
}

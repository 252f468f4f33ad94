import * as pulumi from "@pulumi/pulumi";
import type { Build } from "./build.js";
import type { WorkloadOutputs } from "./workload.js";

/** Redis: cache and rate-limit store; nothing in it must survive, so it has no volume. */
export class Cache extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: { build: Build<WorkloadOutputs> }, opts?: pulumi.ComponentResourceOptions) {
    super("verifier:data:Cache", name, {}, opts);
    const out = args.build(this, name);
    this.host = pulumi.output(out.host);
    this.ready = out.ready;
    this.registerOutputs({ host: this.host });
  }
}

import * as pulumi from "@pulumi/pulumi";
import type { Build } from "./build.js";
import type { WorkloadOutputs } from "./workload.js";

/** The code sandbox: reachable from the api alone, with no route anywhere else. */
export class Sandbox extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: { build: Build<WorkloadOutputs> }, opts?: pulumi.ComponentResourceOptions) {
    super("verifier:sandbox:Sandbox", name, {}, opts);
    const out = args.build(this, name);
    this.host = pulumi.output(out.host);
    this.ready = out.ready;
    this.registerOutputs({ host: this.host });
  }
}

import * as pulumi from "@pulumi/pulumi";
import type { Build } from "./build.js";
import type { WorkloadOutputs } from "./workload.js";

/** Postgres: a hardened container (Docker), a StatefulSet with a claim, or an external host (Kubernetes). */
export class Database extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly ready: pulumi.Resource[];

  constructor(name: string, args: { build: Build<WorkloadOutputs> }, opts?: pulumi.ComponentResourceOptions) {
    super("verifier:data:Database", name, {}, opts);
    const out = args.build(this, name);
    this.host = pulumi.output(out.host);
    this.ready = out.ready;
    this.registerOutputs({ host: this.host });
  }
}

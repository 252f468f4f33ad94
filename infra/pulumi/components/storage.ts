import * as pulumi from "@pulumi/pulumi";
import type { Build } from "./build.js";

/**
 * Data that outlives containers: Postgres data, Prometheus TSDB, backups. Kept volumes are retained
 * on delete, so a recreate or a `pulumi destroy` never deletes a backup; only an operator does.
 */
export class Storage extends pulumi.ComponentResource {
  /** Model volume name -> physical name (Docker volume, host path or PersistentVolumeClaim). */
  readonly refs: Record<string, pulumi.Output<string>>;

  constructor(
    name: string,
    args: { build: Build<Record<string, pulumi.Output<string>>> },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("verifier:storage:Storage", name, {}, opts);
    this.refs = args.build(this, name);
    this.registerOutputs({ refs: this.refs });
  }
}

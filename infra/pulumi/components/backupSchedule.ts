import * as pulumi from "@pulumi/pulumi";
import type { ScheduleSpec } from "../../model/types.js";
import type { Build } from "./build.js";

/**
 * Scheduled, verified pg_dump backups: the model's long-running scheduler container (Docker) or a
 * CronJob with concurrencyPolicy Forbid (Kubernetes). Schedule and retention come from stack config.
 */
export class BackupSchedule extends pulumi.ComponentResource {
  readonly schedule: string;
  readonly retain: number;
  /** Where dumps, manifests and WAL land: a volume name, host path or claim name. */
  readonly location: pulumi.Output<string>;

  constructor(
    name: string,
    args: { schedule: ScheduleSpec; build: Build<{ location: pulumi.Input<string> }> },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("verifier:backup:BackupSchedule", name, {}, opts);
    this.schedule = args.schedule.cron;
    this.retain = args.schedule.retain;
    this.location = pulumi.output(args.build(this, name).location);
    this.registerOutputs({ schedule: this.schedule, retain: this.retain, location: this.location });
  }
}

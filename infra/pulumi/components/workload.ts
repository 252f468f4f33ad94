import type * as pulumi from "@pulumi/pulumi";

/** What a service component hands back: where it answers, and the resources dependents wait on. */
export interface WorkloadOutputs {
  /** DNS name other services use (the model's service name or alias). */
  host: pulumi.Input<string>;
  /** Created resources that must be up before a dependent starts. */
  ready: pulumi.Resource[];
}

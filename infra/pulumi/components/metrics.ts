import * as pulumi from "@pulumi/pulumi";
import type { Build } from "./build.js";

/**
 * Prometheus and what it scrapes. Docker: the Prometheus container on the internal metrics network
 * with the model's scrape config and alert rules. Kubernetes: the cluster's Prometheus (in
 * kubernetes.prometheusNamespace) gets Services to discover and a ConfigMap with scrape config and rules.
 */
export class Metrics extends pulumi.ComponentResource {
  /** The scrape configuration text handed to Prometheus. */
  readonly scrapeConfig: pulumi.Output<string>;

  constructor(name: string, args: { build: Build<{ scrapeConfig: string }> }, opts?: pulumi.ComponentResourceOptions) {
    super("verifier:metrics:Metrics", name, {}, opts);
    this.scrapeConfig = pulumi.output(args.build(this, name).scrapeConfig);
    this.registerOutputs({ scrapeConfig: this.scrapeConfig });
  }
}

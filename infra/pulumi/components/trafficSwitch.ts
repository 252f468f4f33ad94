import * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../../config/schema.js";
import type { Build } from "./build.js";

export interface TrafficSwitchOutputs {
  url: pulumi.Input<string>;
  /** Per-colour addresses that reach one colour whatever is live, from where the runbooks run (may be none). */
  previewUrls: Partial<Record<Colour, string>>;
  /** Resources that route traffic; the smoke check runs after them. */
  routes: pulumi.Resource[];
}

/**
 * Where traffic enters and which colour gets it. Docker: the HAProxy container (TLS, the only
 * published port) whose configuration names the active colour. Kubernetes: the active Service
 * selecting the active colour's pods (its job is the proxy's), and a preview Service for the idle one.
 */
export class TrafficSwitch extends pulumi.ComponentResource {
  readonly url: pulumi.Output<string>;
  readonly activeColour: Colour;
  readonly previewUrls: Partial<Record<Colour, string>>;
  readonly routes: pulumi.Resource[];

  constructor(
    name: string,
    args: { activeColour: Colour; build: Build<TrafficSwitchOutputs> },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("verifier:traffic:TrafficSwitch", name, {}, opts);
    const out = args.build(this, name);
    this.url = pulumi.output(out.url);
    this.activeColour = args.activeColour;
    this.previewUrls = out.previewUrls;
    this.routes = out.routes;
    this.registerOutputs({ url: this.url, activeColour: this.activeColour, previewUrls: this.previewUrls });
  }
}

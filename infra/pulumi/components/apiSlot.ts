import * as pulumi from "@pulumi/pulumi";
import type { Colour } from "../../config/schema.js";
import type { Build } from "./build.js";

export interface ApiSlotOutputs {
  /** The image reference this colour runs (a digest on prod). */
  image: pulumi.Input<string>;
  /** Changes whenever the image bytes change (image id or digest): re-runs migrations and the smoke check. */
  version: pulumi.Input<string>;
  /** The step proving the colour migrated (it answers ready): the colour takes traffic only after it. */
  migrated: pulumi.Resource;
}

/** One colour of the api (blue or green): its replicas, and the migrations run before it takes traffic. */
export class ApiSlot extends pulumi.ComponentResource {
  readonly colour: Colour;
  readonly image: pulumi.Output<string>;
  readonly version: pulumi.Output<string>;
  readonly migrated: pulumi.Resource;

  constructor(
    name: string,
    args: { colour: Colour; build: Build<ApiSlotOutputs> },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("verifier:api:ApiSlot", name, {}, opts);
    const out = args.build(this, name);
    this.colour = args.colour;
    this.image = pulumi.output(out.image);
    this.version = pulumi.output(out.version);
    this.migrated = out.migrated;
    this.registerOutputs({ colour: this.colour, image: this.image });
  }
}

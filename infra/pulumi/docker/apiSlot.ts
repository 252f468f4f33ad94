import type { Colour } from "../../config/schema.js";
import type { ApiSlotOutputs } from "../components/apiSlot.js";
import type { Build } from "../components/build.js";
import { imageRefOf } from "../imageRefs.js";
import { step } from "../steps/command.js";
import { dockerMigrated } from "../steps/plan.js";
import { containerName } from "./containerArgs.js";
import type { DockerContext } from "./context.js";
import { dockerImage } from "./image.js";
import { dockerService } from "./service.js";

/** The replicas of one colour, then the proof that it migrated (re-run when the image changes). */
export function dockerApiSlot(ctx: DockerContext, colour: Colour): Build<ApiSlotOutputs> {
  return (parent, name) => {
    const specs = ctx.model.services.filter((s) => s.role === "api" && s.colour === colour);
    const first = specs[0];
    if (!first) throw new Error(`the model of ${ctx.model.stack} has no ${colour} api replica`);
    const ref = imageRefOf(ctx.model, ctx.images, first);
    const { image, trigger } = dockerImage(parent, `${name}-image`, ref, ctx);
    const replicas = specs.map((spec, i) => dockerService(parent, `${name}-${i + 1}`, spec, image, ctx));
    const migrated = step(
      `${name}-migrated`,
      { argv: dockerMigrated(containerName(ctx.model, first)), triggers: [trigger], environment: ctx.stepEnv },
      { parent, dependsOn: replicas.map((r) => r.container) },
    );
    return { image: ref, version: trigger, migrated };
  };
}

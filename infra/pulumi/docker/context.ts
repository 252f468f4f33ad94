import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { ResolvedImages } from "../../model/build.js";
import type { EnvironmentModel, NetworkName } from "../../model/types.js";
import type { SecretValues } from "../components/secrets.js";
import type { VolumeRef } from "./containerArgs.js";

/** What every Docker service builder shares; `containers` grows as services are created, for depends_on. */
export interface DockerContext {
  model: EnvironmentModel;
  images: ResolvedImages;
  networks: Record<NetworkName, pulumi.Output<string>>;
  volumes: Record<string, VolumeRef>;
  secrets: SecretValues;
  /** Environment of the imperative steps (DOCKER_HOST when docker:host is configured). */
  stepEnv: Record<string, string>;
  containers: Map<string, docker.Container>;
  /** The empty image file carriers are made from (an Output: carriers wait for its import). */
  carrierImage: pulumi.Output<string>;
}

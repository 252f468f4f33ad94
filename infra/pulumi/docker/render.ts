import * as pulumi from "@pulumi/pulumi";
import type { ResolvedImages } from "../../model/build.js";
import type { EnvironmentModel, NetworkName } from "../../model/types.js";
import {
  ApiSlot,
  BackupSchedule,
  Cache,
  Database,
  Metrics,
  Networks,
  Sandbox,
  Secrets,
  Storage,
  TrafficSwitch,
} from "../components/index.js";
import type { ProgramOutputs } from "../outputs.js";
import { secretPlan } from "../secrets/plan.js";
import { dockerApiSlot } from "./apiSlot.js";
import { carrierImage } from "./carrier.js";
import type { DockerContext } from "./context.js";
import { dockerNetworks } from "./networks.js";
import { containerRefs } from "./published.js";
import { dockerStorage, volumeRefs } from "./storage.js";
import { dockerTrafficSwitch } from "./trafficSwitch.js";
import { dockerBackup, dockerMetrics, dockerWorkload } from "./workloads.js";

/** The environment on one Docker host (DOCKER_HOST or docker:host; ssh:// works). */
export function renderDocker(model: EnvironmentModel, images: ResolvedImages): ProgramOutputs {
  const p = model.project;
  const secrets = new Secrets(`${p}-secrets`, {
    plan: secretPlan(model),
    dnsNames: ["localhost", "proxy"],
    ipAddresses: [model.config.publishAddress],
  });
  const networks = new Networks(`${p}-networks`, { build: dockerNetworks(model) });
  const storage = new Storage(`${p}-storage`, { build: dockerStorage(model) });
  const host = configuredHost();
  const stepEnv: Record<string, string> = host ? { DOCKER_HOST: host } : {};
  const ctx: DockerContext = {
    model,
    images,
    secrets,
    stepEnv,
    containers: new Map(),
    carrierImage: carrierImage(storage, `${p}-storage`, model, stepEnv),
    networks: networks.refs as Record<NetworkName, pulumi.Output<string>>,
    volumes: volumeRefs(model, storage.refs),
  };
  new Database(`${p}-database`, { build: dockerWorkload(ctx, "postgres") });
  new Cache(`${p}-cache`, { build: dockerWorkload(ctx, "redis") });
  if (model.config.sandbox.enabled) new Sandbox(`${p}-sandbox`, { build: dockerWorkload(ctx, "sandbox") });
  const slots = (["blue", "green"] as const).map(
    (colour) => new ApiSlot(`${p}-api-${colour}`, { colour, build: dockerApiSlot(ctx, colour) }),
  );
  const traffic = new TrafficSwitch(`${p}-traffic`, {
    activeColour: model.activeColour,
    build: dockerTrafficSwitch(ctx, slots),
  });
  new Metrics(`${p}-metrics`, { build: dockerMetrics(ctx) });
  const schedule = model.schedules.find((s) => s.name === "backup");
  if (!schedule) throw new Error(`the model of ${model.stack} schedules no backup`);
  const backup = new BackupSchedule(`${p}-backup`, { schedule, build: dockerBackup(ctx, storage.refs.backups!) });
  return {
    url: traffic.url,
    activeColour: model.activeColour,
    previewUrls: traffic.previewUrls,
    containers: containerRefs(model),
    apiImages: { blue: slots[0]!.image, green: slots[1]!.image },
    backupLocation: backup.location,
    tlsCertificate: pulumi.unsecret(secrets.tls.cert),
    adminApiKey: pulumi.secret(secrets.values.admin_api_key!),
    ...(host ? { dockerHost: host } : {}),
  };
}

/** The provider's docker:host: steps use the docker CLI and are pointed at the same engine (DOCKER_HOST). */
const configuredHost = (): string | undefined => new pulumi.Config("docker").get("host");

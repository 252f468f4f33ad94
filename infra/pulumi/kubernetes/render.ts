import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ResolvedImages } from "../../model/build.js";
import type { EnvironmentModel } from "../../model/types.js";
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
import { kubeApiSlot } from "./apiSlot.js";
import { kubeBackup } from "./backup.js";
import { kubeConfigOf, SECRET_NAME, type KubeContext } from "./context.js";
import { kubeDatabase, kubeWorkload } from "./data.js";
import { kubeMetrics } from "./metrics.js";
import { kubeNetworks } from "./networks.js";
import { kubeSecrets } from "./secrets.js";
import { kubeStorage } from "./storage.js";
import { kubeTrafficSwitch } from "./trafficSwitch.js";

/** The environment in one namespace of a cluster (kubeconfig context from kubernetes.context, else the current one). */
export function renderKubernetes(model: EnvironmentModel, images: ResolvedImages): ProgramOutputs {
  const k8sConfig = kubeConfigOf({ model });
  const p = model.project;
  const provider = new k8s.Provider(`${p}-k8s`, k8sConfig.context ? { context: k8sConfig.context } : {});
  const opts = { providers: [provider] };
  const networks = new Networks(`${p}-networks`, { build: kubeNetworks(model, k8sConfig.namespace) }, opts);
  const namespace = networks.refs.namespace!;
  const secrets = new Secrets(
    `${p}-secrets`,
    {
      plan: secretPlan(model),
      dnsNames: [`api.${k8sConfig.namespace}.svc`],
      ipAddresses: [],
      materialize: kubeSecrets(model, namespace),
    },
    opts,
  );
  const base = {
    model,
    images,
    namespace,
    target: { namespace: k8sConfig.namespace, ...(k8sConfig.context ? { context: k8sConfig.context } : {}) },
    secretName: SECRET_NAME,
  };
  const storage = new Storage(`${p}-storage`, { build: kubeStorage(base) }, opts);
  const ctx: KubeContext = { ...base, claims: { backups: "backups" } };
  const db = new Database(`${p}-database`, { build: kubeDatabase(ctx, [secrets, storage]) }, opts);
  const cache = new Cache(`${p}-cache`, { build: kubeWorkload(ctx, "redis", [secrets]) }, opts);
  const sandbox = model.config.sandbox.enabled
    ? [new Sandbox(`${p}-sandbox`, { build: kubeWorkload(ctx, "sandbox", [secrets]) }, opts)]
    : [];
  const needs = [secrets, ...db.ready, ...cache.ready, ...sandbox.flatMap((s) => s.ready)];
  const slots = (["blue", "green"] as const).map(
    (colour) => new ApiSlot(`${p}-api-${colour}`, { colour, build: kubeApiSlot(ctx, colour, needs) }, opts),
  );
  const traffic = new TrafficSwitch(
    `${p}-traffic`,
    { activeColour: model.activeColour, build: kubeTrafficSwitch(ctx, slots) },
    opts,
  );
  new Metrics(`${p}-metrics`, { build: kubeMetrics(ctx) }, opts);
  const schedule = model.schedules.find((s) => s.name === "backup");
  if (!schedule) throw new Error(`the model of ${model.stack} schedules no backup`);
  const backup = new BackupSchedule(
    `${p}-backup`,
    { schedule, build: kubeBackup(ctx, schedule) },
    { ...opts, dependsOn: [secrets, storage] },
  );
  return {
    url: traffic.url,
    activeColour: model.activeColour,
    previewUrls: traffic.previewUrls,
    containers: [],
    apiImages: { blue: slots[0]!.image, green: slots[1]!.image },
    backupLocation: backup.location,
    tlsCertificate: pulumi.unsecret(secrets.tls.cert),
    adminApiKey: pulumi.secret(secrets.values.admin_api_key!),
  };
}

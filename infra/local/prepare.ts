import { stringify } from "yaml";
import { loadStackConfig } from "../config/load.js";
import type { StackConfig } from "../config/schema.js";
import { renderCompose, type ComposePaths } from "../compose/render.js";
import { ensureImages } from "../images/build.js";
import { buildModel, type ResolvedImages } from "../model/build.js";
import type { EnvironmentModel } from "../model/types.js";
import { detectCompose, requireEngine, requireTools, type ComposeCli } from "./engine.js";
import { configDirOf, writeConfigFiles } from "./files.js";
import { writeFileAtomic } from "./fsx.js";
import { localPaths, type LocalPaths } from "./paths.js";
import { ensureSecrets, secretsDirOf, stageSecretMounts } from "./secrets.js";
import { applyState, readState, type LocalState } from "./state.js";
import { checkoutLabels } from "./volumeClaims.js";
import { ensureLocalCa, issueServerPem } from "./tls.js";

export interface InstanceOptions {
  repoRoot: string;
  stack: string;
  /** A second copy of the stack on this host (own project, files and port). Default: the stack name. */
  instance?: string;
  /** Config keys merged over Pulumi.<stack>.yaml before validation (tests use another port, replicas). */
  overrides?: Record<string, unknown>;
}

/** Everything needed to act on an instance: its validated config, model, files and tools. */
export interface Prepared {
  cfg: StackConfig;
  model: EnvironmentModel;
  images: ResolvedImages;
  paths: LocalPaths;
  compose: ComposeCli;
  /** This checkout's repository root, as its data volumes record it (volumeClaims.ts). */
  checkout: string;
}

/**
 * Validates config (before any side effect), checks tools, builds missing images, generates secrets
 * on first run, and renders the model to files. `state` replaces the declared state on disk when a
 * runbook is about to change it; otherwise the state file is read.
 */
export async function prepare(opts: InstanceOptions, state?: LocalState): Promise<Prepared> {
  const paths = localPaths(opts.repoRoot, opts.instance ?? opts.stack);
  const cfg = applyState(loadStackConfig(opts.stack, opts.repoRoot, opts.overrides), state ?? readState(paths.state));
  await requireEngine();
  await requireTools([{ name: "openssl", fix: "apt-get install -y openssl" }]);
  const compose = await detectCompose();
  const images = await resolveImages(cfg, opts.repoRoot);
  const model = buildModel(opts.stack, cfg, images, opts.instance ?? opts.stack);
  await stageFiles(model, images, paths, opts.repoRoot);
  return { cfg, model, images, paths, compose, checkout: opts.repoRoot };
}

async function resolveImages(cfg: StackConfig, repoRoot: string): Promise<ResolvedImages> {
  if (cfg.images.source === "build") {
    await requireTools([
      { name: "debootstrap", fix: "apt-get install -y debootstrap (images are built from Debian packages)" },
    ]);
    return ensureImages({ repoRoot });
  }
  return cfg.images as ResolvedImages;
}

async function stageFiles(
  model: EnvironmentModel,
  images: ResolvedImages,
  paths: LocalPaths,
  checkout: string,
): Promise<void> {
  const ca = await ensureLocalCa(paths);
  const secrets = await ensureSecrets(model, paths, () => issueServerPem(ca));
  stageSecretMounts(model, paths, secrets);
  writeConfigFiles(model, paths);
  const composePaths: ComposePaths = {
    secretsDir: (svc) => secretsDirOf(paths, svc.role),
    configDir: (svc, target) => configDirOf(paths, svc, target),
    hostVolume: (name) => model.volumes.find((v) => v.name === name)?.hostPath,
  };
  writeFileAtomic(
    paths.compose,
    stringify(renderCompose(model, images, composePaths, checkoutLabels(checkout))),
    0o644,
  );
}

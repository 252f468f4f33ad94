import { spawn } from "node:child_process";
import { finished } from "node:stream/promises";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../infra/exec/run.js";
import { findIn, NeedleScanner, type Needle } from "./needles.js";

/** Where a secret was found: a place a person can look at, never the value. */
export interface Finding {
  where: string;
  secret: string;
}

/** The generated secrets of an instance: file name → value. */
export function readSecrets(secretsDir: string): Record<string, string> {
  if (!existsSync(secretsDir))
    throw new Error(
      `${secretsDir} does not exist: bring the instance up once (npm start) so its secrets are generated`,
    );
  return Object.fromEntries(
    readdirSync(secretsDir).map((name) => [name, readFileSync(join(secretsDir, name), "utf8")]),
  );
}

export const projectContainers = async (project: string): Promise<string[]> =>
  (
    await run([
      "docker",
      "ps",
      "-a",
      "--format",
      "{{.Names}}",
      "--filter",
      `label=com.docker.compose.project=${project}`,
    ])
  )
    .split("\n")
    .filter(Boolean)
    .sort();

export function scanFile(path: string, needles: Needle[]): Finding[] {
  return findIn(readFileSync(path), needles).map((secret) => ({ where: path, secret }));
}

/** The whole `docker inspect` document (env, command, labels, mounts) of every container. */
export async function scanInspect(containers: string[], needles: Needle[]): Promise<Finding[]> {
  const found = await Promise.all(
    containers.map(async (c) =>
      findIn(await run(["docker", "inspect", c]), needles).map((secret) => ({ where: `docker inspect ${c}`, secret })),
    ),
  );
  return found.flat();
}

export async function scanLogs(containers: string[], needles: Needle[]): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const c of containers)
    for (const secret of await scanCommand(["docker", "logs", c], needles, true))
      found.push({ where: `docker logs ${c}`, secret });
  return found;
}

/** `docker save` of the images in one stream (shared layers once), every layer tar scanned as it passes. */
export async function scanImages(images: string[], needles: Needle[]): Promise<Finding[]> {
  if (images.length === 0) return [];
  const secrets = await scanCommand(["docker", "save", ...images], needles, false);
  return secrets.map((secret) => ({ where: `image layers of ${images.join(", ")}`, secret }));
}

/** Runs a command and streams its output (and stderr, for logs) through a scanner. */
async function scanCommand(argv: string[], needles: Needle[], withStderr: boolean): Promise<string[]> {
  const [cmd, ...args] = argv as [string, ...string[]];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  const out = new NeedleScanner(needles);
  const err = new NeedleScanner(needles);
  let errText = "";
  child.stdout.pipe(out).resume();
  if (withStderr) child.stderr.pipe(err).resume();
  else child.stderr.on("data", (d: Buffer) => (errText = (errText + d.toString()).slice(-2000)));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  await Promise.all([finished(out), withStderr ? finished(err) : undefined]);
  if (code !== 0) throw new Error(`\`${argv.slice(0, 2).join(" ")}\` exited with ${code}: ${errText.trim()}`);
  return [...new Set([...out.found, ...err.found])];
}

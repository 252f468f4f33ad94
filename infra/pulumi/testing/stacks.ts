import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { PROJECT, projectKeys, SECRET_KEYS } from "../../config/load.js";
import { SERVICE_ROLES } from "../../config/schema.js";
import { imageEnvName } from "../images.js";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Fixtures for program tests: the real stack files, with overrides merged per key. */
export function rawStackConfig(stack: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const doc = parse(readFileSync(join(REPO, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return { ...projectKeys(doc.config), ...overrides };
}

/** What the image builder would export: a content-addressed local tag per role. */
export function builtImageEnv(): Record<string, string> {
  return Object.fromEntries(SERVICE_ROLES.map((role) => [imageEnvName(role), `verifier/${role}:build-0123456789ab`]));
}

/** `pulumi config set --secret` for every secret key: value "<key>-from-config". */
export function secretConfig(): { config: Record<string, string>; secretKeys: string[] } {
  const config = Object.fromEntries(SECRET_KEYS.map((key) => [`${PROJECT}:${key}`, `${key}-from-config`]));
  return { config, secretKeys: Object.keys(config) };
}

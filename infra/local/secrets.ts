import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, chmodSync, chownSync } from "node:fs";
import { join } from "node:path";
import type { EnvironmentModel, SecretName } from "../model/types.js";
import { SERVICE_UIDS } from "../model/users.js";
import { writeFileAtomic, writeOwnedSecret } from "./fsx.js";
import type { LocalPaths } from "./paths.js";

/** A secret value that refuses to be printed or serialised by accident. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "[redacted]";
  }
  toJSON(): string {
    return "[redacted]";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "Secret([redacted])";
  }
}

/** Generates, on first run only, every secret the model needs (mode 0600); later runs reuse them. */
export async function ensureSecrets(
  model: EnvironmentModel,
  paths: LocalPaths,
  tlsPem: () => Promise<string>,
): Promise<Map<SecretName, Secret>> {
  mkdirSync(paths.secrets, { recursive: true, mode: 0o700 });
  chmodSync(paths.secrets, 0o700);
  const values = new Map<SecretName, Secret>();
  for (const spec of model.secrets) {
    const file = join(paths.secrets, spec.name);
    if (!existsSync(file))
      writeFileAtomic(file, spec.name === "tls_pem" ? await tlsPem() : generate(spec.name, spec.length), 0o600);
    values.set(spec.name, new Secret(readFileSync(file, "utf8")));
  }
  return values;
}

/** Admin keys take the service's key format (`vsk_<12 hex id>_<43 base64url>`) so they get their own id. */
function generate(name: SecretName, length: number): string {
  if (name === "admin_api_key") return `vsk_${randomBytes(6).toString("hex")}_${randomBytes(32).toString("base64url")}`;
  return randomBytes(length).toString("base64url").slice(0, length);
}

/** Per-role copies: each container sees only its own secrets, readable by its uid alone (0400). */
export function stageSecretMounts(model: EnvironmentModel, paths: LocalPaths, values: Map<SecretName, Secret>): void {
  const roles = new Map(model.services.map((s) => [s.role, s.secrets]));
  for (const [role, names] of roles) {
    if (names.length === 0) continue;
    const dir = secretsDirOf(paths, role);
    const uid = SERVICE_UIDS[role];
    mkdirSync(dir, { recursive: true });
    for (const name of names) writeOwnedSecret(join(dir, name), mustGet(values, name).reveal(), uid);
    chownSync(dir, uid, uid);
    chmodSync(dir, 0o500);
  }
}

export const secretsDirOf = (paths: LocalPaths, role: string): string => join(paths.mounts, role, "secrets");

function mustGet(values: Map<SecretName, Secret>, name: SecretName): Secret {
  const v = values.get(name);
  if (v === undefined) throw new Error(`secret ${name} is needed by a service but was not generated`);
  return v;
}

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadStackConfig } from "../../infra/config/load.js";
import { httpsRequest } from "../../infra/local/https.js";
import { localPaths } from "../../infra/local/paths.js";
import { RunbookError } from "../cli/errors.js";

/** Calls the API's admin routes through the proxy with the instance's admin key (never printed). */
export interface AdminApi {
  get(path: string): Promise<{ status: number; body: string }>;
  post(path: string, body: unknown): Promise<{ status: number; body: string }>;
  delete(path: string): Promise<{ status: number; body: string }>;
}

export function adminApi(
  repoRoot: string,
  stack: string,
  instance: string,
  overrides: Record<string, unknown>,
): AdminApi {
  const cfg = loadStackConfig(stack, repoRoot, overrides);
  if (cfg.tier !== "local" && cfg.tier !== "drills") {
    throw new RunbookError(
      "ADMIN_API_FAILED",
      `${stack} is a Pulumi stack: use its url output and an admin key from \`pulumi stack output --show-secrets adminApiKey\``,
    );
  }
  const paths = localPaths(repoRoot, instance);
  const keyFile = join(paths.secrets, "admin_api_key");
  if (!existsSync(keyFile))
    throw new RunbookError("ADMIN_API_FAILED", `${keyFile} does not exist: bring ${instance} up first (npm start)`);
  const key = readFileSync(keyFile, "utf8");
  const url = `https://127.0.0.1:${cfg.httpsPort}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {
      "x-api-key": key,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    };
    const res = await httpsRequest(`${url}${path}`, {
      caFile: paths.caCert,
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 400)
      throw new RunbookError("ADMIN_API_FAILED", `${method} ${path} → ${res.status}: ${res.body.slice(0, 300)}`);
    return { status: res.status, body: res.body };
  };
  return { get: (p) => call("GET", p), post: (p, b) => call("POST", p, b), delete: (p) => call("DELETE", p) };
}

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The Debian mirror images are built from: DEBIAN_MIRROR when set, else the mirror this host's apt
 * already uses (deb822 `.sources` files or the one-line `sources.list`), so the build goes where the
 * machine's own package client goes.
 */
export function debianMirror(env: NodeJS.ProcessEnv = process.env, aptDir = "/etc/apt"): string {
  if (env.DEBIAN_MIRROR) return env.DEBIAN_MIRROR.replace(/\/$/, "");
  const found = [...deb822Uris(aptDir), ...oneLineUris(aptDir)].find((uri) => /\/debian\/?$/.test(uri));
  if (found) return found.replace(/\/$/, "");
  throw new Error(
    `no Debian mirror found in ${aptDir}/sources.list{,.d}: set DEBIAN_MIRROR to a Debian archive URL (…/debian)`,
  );
}

function deb822Uris(aptDir: string): string[] {
  const dir = join(aptDir, "sources.list.d");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sources"))
    .flatMap((f) =>
      [...readFileSync(join(dir, f), "utf8").matchAll(/^URIs:\s*(.+)$/gm)].flatMap((m) =>
        (m[1] ?? "").trim().split(/\s+/),
      ),
    );
}

function oneLineUris(aptDir: string): string[] {
  const file = join(aptDir, "sources.list");
  if (!existsSync(file)) return [];
  return [...readFileSync(file, "utf8").matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/gm)].map((m) => m[1] ?? "");
}

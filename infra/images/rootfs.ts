import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, copyFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pipe, run } from "../exec/run.js";
import { debianMirror } from "./mirror.js";
import { SUITE, type RuntimeSpec } from "./specs.js";

const FILES_DIR = new URL("./files/", import.meta.url).pathname;

/** Paths removed from every rootfs: documentation, caches and package lists a container never reads. */
const TRIM = [
  "var/cache/apt",
  "var/lib/apt/lists",
  "usr/share/doc",
  "usr/share/man",
  "usr/share/info",
  "usr/share/locale",
];

/** Ensures a minbase rootfs tarball of the suite exists in the cache directory; returns its path. */
export async function ensureBase(cacheDir: string): Promise<string> {
  const tarball = join(cacheDir, `base-${SUITE}-minbase.tar`);
  if (existsSync(tarball)) return tarball;
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "verifier-base-"));
  try {
    await run(["debootstrap", "--variant=minbase", SUITE, dir, debianMirror()], { timeoutMs: 15 * 60_000 });
    await run(["tar", "-C", dir, "--numeric-owner", "-cf", `${tarball}.partial`, "."]);
    renameSync(`${tarball}.partial`, tarball);
    return tarball;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${tarball}.partial`, { force: true });
  }
}

/** Builds one runtime: base + users + packages, trimmed, imported into the engine under `tag`. */
export async function buildRuntime(runtime: RuntimeSpec, tag: string, baseTar: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `verifier-rt-${runtime.name}-`));
  try {
    await run(["tar", "-C", dir, "--numeric-owner", "-xf", baseTar]);
    prepareChroot(dir);
    for (const u of runtime.users) await createUser(dir, u);
    await chroot(dir, ["apt-get", "update", "-qq"]);
    await chroot(dir, ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...runtime.packages]);
    await chroot(dir, ["apt-get", "clean"]);
    for (const script of runtime.scripts) copyFileSync(join(FILES_DIR, script), join(dir, "usr/local/bin", script));
    for (const p of [...TRIM, "usr/sbin/policy-rc.d", "etc/resolv.conf", "etc/postgresql-common/createcluster.d"]) {
      rmSync(join(dir, p), { recursive: true, force: true });
    }
    await pipe(
      ["tar", "-C", dir, "--numeric-owner", "-c", "."],
      ["docker", "import", "--change", "USER 65534:65534", "-", tag],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** No daemons start inside the build, no default Postgres cluster is created, DNS works for apt. */
function prepareChroot(dir: string): void {
  writeFileSync(join(dir, "usr/sbin/policy-rc.d"), "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  copyFileSync("/etc/resolv.conf", join(dir, "etc/resolv.conf"));
  mkdirSync(join(dir, "etc/postgresql-common/createcluster.d"), { recursive: true });
  writeFileSync(join(dir, "etc/postgresql-common/createcluster.d/no-main.conf"), "create_main_cluster = false\n");
  writeFileSync(join(dir, "etc/apt/sources.list"), `deb ${debianMirror()} ${SUITE} main\n`);
}

async function createUser(dir: string, u: RuntimeSpec["users"][number]): Promise<void> {
  await chroot(dir, ["groupadd", "--system", "--gid", String(u.uid), u.name]);
  await chroot(dir, [
    "useradd",
    "--system",
    "--uid",
    String(u.uid),
    "--gid",
    String(u.uid),
    "--home-dir",
    u.home,
    "--no-create-home",
    "--shell",
    "/usr/sbin/nologin",
    u.name,
  ]);
}

function chroot(dir: string, argv: string[]): Promise<string> {
  const env = { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" };
  return run(["chroot", dir, ...argv], { env, timeoutMs: 15 * 60_000 });
}

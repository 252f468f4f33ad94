import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../infra/config/load.js";
import { ensureImages } from "../../infra/images/build.js";
import { haproxyConfig } from "../../infra/model/haproxy.js";
import { CommandError, run } from "../../infra/exec/run.js";
import { REPO_ROOT } from "../support/instance.js";

/**
 * The rendered HAProxy configuration is checked by the HAProxy the proxy image really runs
 * (`haproxy -c`, exit 0 when valid), for each shape the model renders: one and two replicas per
 * colour, either colour active, HSTS on and off. A directive this HAProxy does not know, or a
 * condition it cannot parse, fails here instead of in a proxy that restarts in a loop.
 */
let dir: string;
let image: string;

before(async () => {
  image = (await ensureImages({ repoRoot: REPO_ROOT })).proxy;
  dir = mkdtempSync(join(tmpdir(), "haproxy-check-"));
  chmodSync(dir, 0o755);
  const [key, crt] = [join(dir, "key.pem"), join(dir, "crt.pem")];
  await run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=check", "-days", "1", "-keyout", key, "-out", crt]);
  await run(["sh", "-c", 'cat "$1" "$2" > "$3" && chmod 0644 "$3"', "sh", crt, key, join(dir, "tls_pem")]);
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** `haproxy -c` in the proxy image, with no network: resolves on exit 0, rejects with its ALERT lines. */
function check(config: string): Promise<string> {
  writeFileSync(join(dir, "haproxy.cfg"), config, { mode: 0o644 });
  return run(["docker", "run", "--rm", "--network", "none",
    "-v", `${join(dir, "haproxy.cfg")}:/etc/haproxy/haproxy.cfg:ro`, "-v", `${join(dir, "tls_pem")}:/run/secrets/tls_pem:ro`,
    image, "haproxy", "-c", "-f", "/etc/haproxy/haproxy.cfg"], { timeoutMs: 60_000 });
}

const SHAPES = [
  { name: "local defaults", config: { tier: "local" } },
  { name: "two replicas per colour, green active, HSTS", config: { tier: "local", apiReplicas: 2, activeColour: "green", tls: { hsts: true } } },
];

for (const shape of SHAPES) {
  test(`haproxy -c accepts the rendered configuration: ${shape.name}`, { timeout: 120_000 }, async () => {
    await check(haproxyConfig(parseStackConfig(shape.config, "haproxy-config.test")));
  });
}

test("haproxy -c refuses a configuration with an unknown keyword: the check can fail", { timeout: 120_000 }, async () => {
  const broken = `${haproxyConfig(parseStackConfig({ tier: "local" }, "haproxy-config.test"))}  no-such-keyword on\n`;
  await assert.rejects(check(broken), (e: unknown) => e instanceof CommandError && e.exitCode === 1 && /unknown keyword 'no-such-keyword'/.test(e.stderrTail));
});

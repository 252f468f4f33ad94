import assert from "node:assert/strict";
import { test } from "vitest";
import { modelOf, serviceOf } from "../testing/models.js";
import { filePlan } from "./files.js";

test("the proxy's files land in two directories: its configuration and its secret", () => {
  const proxy = serviceOf(modelOf("local"), "proxy");
  const groups = filePlan(proxy);
  assert.deepEqual(
    groups.map((g) => [g.dir, g.slug, g.files.map((f) => f.path)]),
    [
      ["/etc/haproxy", "etc-haproxy", ["/etc/haproxy/haproxy.cfg"]],
      ["/run/secrets", "run-secrets", ["/run/secrets/tls_pem"]],
    ],
  );
  assert.deepEqual(groups[1]!.files[0]!.source, { kind: "secret", name: "tls_pem" });
  assert.equal(groups[0]!.files[0]!.source.kind, "config");
});

test("nested directories share the outermost volume", () => {
  const prometheus = serviceOf(modelOf("local"), "prometheus");
  const nested = {
    ...prometheus,
    configFiles: [
      { name: "a.yml", target: "/etc/app/rules/a.yml", content: "a" },
      { name: "b.yml", target: "/etc/app/b.yml", content: "b" },
    ],
  };
  assert.deepEqual(
    filePlan(nested).map((g) => [g.dir, g.files.map((f) => f.path)]),
    [["/etc/app", ["/etc/app/rules/a.yml", "/etc/app/b.yml"]]],
  );
  assert.deepEqual(
    filePlan(prometheus).map((g) => g.dir),
    ["/etc/prometheus"],
  );
});

test("the api carries exactly its five secrets (never the superuser's password); a service without files gets no group", () => {
  const model = modelOf("local");
  assert.deepEqual(
    filePlan(serviceOf(model, "api-blue-1")).map((g) => g.files.map((f) => f.path)),
    [
      [
        "/run/secrets/db_app_password",
        "/run/secrets/db_owner_password",
        "/run/secrets/redis_password",
        "/run/secrets/admin_api_key",
        "/run/secrets/sandbox_token",
      ],
    ],
  );
  assert.deepEqual(filePlan({ ...serviceOf(model, "redis"), secrets: [], configFiles: [] }), []);
});

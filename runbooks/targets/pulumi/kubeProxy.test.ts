import { test } from "vitest";
import assert from "node:assert/strict";
import { startKubeProxy } from "./kubeProxy.js";

test("without kubectl the runbooks stop at once with KUBERNETES_UNREACHABLE, naming the command, the context and the check", async () => {
  await assert.rejects(startKubeProxy({ namespace: "verifier", context: "prod-eu" }, { PATH: "/nonexistent" }), {
    code: "KUBERNETES_UNREACHABLE",
    message:
      "`kubectl --context prod-eu proxy --address=127.0.0.1 --port=0` could not start (spawn kubectl ENOENT); the runbooks reach the cluster through it: " +
      "check that kubectl is on PATH and that KUBECONFIG has the context prod-eu reaches the API server (`kubectl version`)",
  });
});

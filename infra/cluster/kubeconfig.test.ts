import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderKubeconfig } from "./kubeconfig.js";

describe("renderKubeconfig", () => {
  it("names the server, the CA and the user's certificate files, with one current context", () => {
    const text = renderKubeconfig({
      cluster: "local",
      server: "https://127.0.0.1:6443",
      caFile: "/s/pki/ca.crt",
      user: "verifier-admin",
      certFile: "/s/pki/admin.crt",
      keyFile: "/s/pki/admin.key",
    });
    expect(parse(text)).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        { name: "local", cluster: { server: "https://127.0.0.1:6443", "certificate-authority": "/s/pki/ca.crt" } },
      ],
      users: [
        {
          name: "verifier-admin",
          user: { "client-certificate": "/s/pki/admin.crt", "client-key": "/s/pki/admin.key" },
        },
      ],
      contexts: [{ name: "local", context: { cluster: "local", user: "verifier-admin" } }],
      "current-context": "local",
    });
  });
});

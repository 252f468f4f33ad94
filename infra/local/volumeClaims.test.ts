import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { CHECKOUT_LABEL, checkoutLabels, claimProblems } from "./volumeClaims.js";

const volume = (name: string, labels: Record<string, string>) => ({
  name,
  labels: { "verifier.project": "verifier-local", ...labels },
});

describe("claimProblems", () => {
  it("no volumes, volumes this checkout made, and volumes made before the label existed: nothing to refuse", () => {
    assert.deepEqual(claimProblems([], "/work/main"), []);
    assert.deepEqual(claimProblems([volume("verifier-local-pgdata", checkoutLabels("/work/main"))], "/work/main"), []);
    assert.deepEqual(claimProblems([volume("verifier-local-pgdata", {})], "/work/main"), []);
  });

  it("each volume another checkout made is refused, naming it, both checkouts and the ways out", () => {
    const problems = claimProblems(
      [
        volume("verifier-local-pgdata", { [CHECKOUT_LABEL]: "/srv/other" }),
        volume("verifier-local-backups", checkoutLabels("/work/main")),
        volume("verifier-local-prometheus-data", { [CHECKOUT_LABEL]: "/srv/other" }),
      ],
      "/work/main",
    );
    assert.deepEqual(
      problems,
      ["verifier-local-pgdata", "verifier-local-prometheus-data"].map(
        (name) =>
          `volume ${name} belongs to the checkout at /srv/other, not this one (/work/main): two checkouts must not share one instance's data. Work in the checkout at /srv/other, or remove its instance there with \`npm stop -- --purge\` (deletes that data) before starting this one`,
      ),
    );
  });
});

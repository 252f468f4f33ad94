import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { addressBucket } from "./client-address.js";

describe("addressBucket", () => {
  it("keeps an IPv4 address, also when the socket shows it IPv4-mapped", () => {
    assert.equal(addressBucket("203.0.113.9"), "203.0.113.9");
    assert.equal(addressBucket("::ffff:203.0.113.9"), "203.0.113.9");
  });

  it("counts an IPv6 client by its /64, however the address is written", () => {
    assert.equal(addressBucket("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
    assert.equal(addressBucket("2001:0db8:0001:0002::1"), "2001:db8:1:2::/64");
    assert.equal(addressBucket("2001:db8::1"), "2001:db8:0:0::/64");
    assert.equal(addressBucket("fe80::1%eth0"), "fe80:0:0:0::/64");
    assert.equal(addressBucket("::1"), "0:0:0:0::/64");
    assert.equal(addressBucket("::203.0.113.9"), "0:0:0:0::/64");
  });

  it("passes anything else through (an unknown peer still gets one bucket)", () => {
    assert.equal(addressBucket("unknown"), "unknown");
  });
});

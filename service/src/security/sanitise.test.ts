import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { encodeHtml, sanitisePayload } from "./sanitise.js";

describe("encodeHtml", () => {
  it("turns markup characters into entities", () => {
    assert.equal(
      encodeHtml(`<script>alert("x" & 'y')</script>`),
      "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;",
    );
  });

  it("breaks script-capable URL schemes, whatever their case or hidden whitespace", () => {
    assert.equal(encodeHtml("javascript:alert(1)"), "javascript&#58;alert(1)");
    assert.equal(encodeHtml("JaVaScRiPt :x"), "JaVaScRiPt&#58;x");
    assert.equal(encodeHtml("java\tscript:x"), "java\tscript&#58;x");
    assert.equal(encodeHtml("data:text/html;base64,PHNjcmlwdD4="), "data&#58;text/html;base64,PHNjcmlwdD4=");
    assert.equal(encodeHtml("vbscript:msgbox"), "vbscript&#58;msgbox");
  });

  it("leaves plain text and look-alike words alone", () => {
    assert.equal(encodeHtml("metadata: 3 rows, x = 2"), "metadata: 3 rows, x = 2");
  });
});

describe("sanitisePayload", () => {
  it("encodes every string at any depth, object keys included, and keeps other values", () => {
    const payload = {
      status: "BLOCKED",
      evidence: { "<b>": ["<i>", 1, null, true, { deep: "javascript:x" }] },
      proof: 2,
    };
    assert.deepEqual(sanitisePayload(payload), {
      status: "BLOCKED",
      evidence: { "&lt;b&gt;": ["&lt;i&gt;", 1, null, true, { deep: "javascript&#58;x" }] },
      proof: 2,
    });
  });

  it("leaves no <script>, javascript: or data:text/html anywhere in the serialised result", () => {
    const hostile = { a: "<script>x</script>", b: ["JAVASCRIPT:void(0)", { c: "DATA:text/html,<p>" }] };
    const text = JSON.stringify(sanitisePayload(hostile)).toLowerCase();
    for (const needle of ["<script", "javascript:", "data:text/html"])
      assert.equal(text.includes(needle), false, needle);
  });
});

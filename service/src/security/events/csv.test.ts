import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { toCsv } from "./csv.js";

describe("toCsv", () => {
  it("writes a header row, CRLF lines, empty cells for null and quotes where needed", () => {
    const rows = [
      { id: "1", note: 'say "hi", then go', key: null },
      { id: "2", note: "plain", key: "k" },
    ];
    assert.equal(toCsv(rows, ["id", "note", "key"]), 'id,note,key\r\n1,"say ""hi"", then go",\r\n2,plain,k\r\n');
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    assert.equal(toCsv([{ a: "=1+2", b: "@SUM(A1)", c: "-3" }], ["a", "b", "c"]), "a,b,c\r\n'=1+2,'@SUM(A1),'-3\r\n");
  });
});

import type { HostileCase } from "./hostileCase.js";

/**
 * Guest recursion, in JavaScript and inside QuickJS's own C code, that must end in QuickJS's
 * "stack overflow" (a guest error) long before the worker's V8 stack is at risk: a host-side
 * RangeError there would leave the worker in a state it must not keep (see worker/javascript.ts).
 */
const c = (text: string) => () => text;
const OVERFLOW_LINE_1 = /^InternalError: stack overflow \(line 1\)$/;

export const JAVASCRIPT_DEPTH_CASES: HostileCase[] = [
  {
    name: "plain recursion",
    language: "javascript",
    code: c("function f(n) { return f(n + 1) + 1; } f(0)"),
    expect: { status: "error", error: OVERFLOW_LINE_1 },
  },
  {
    name: "mutual recursion",
    language: "javascript",
    code: c("function a(n) { return b(n + 1) + 1; } function b(n) { return a(n + 1) + 1; } a(0)"),
    expect: { status: "error", error: OVERFLOW_LINE_1 },
  },
  {
    name: "recursion through a getter",
    language: "javascript",
    code: c("const o = { get x() { return this.x + 1; } }; o.x"),
    expect: { status: "error", error: OVERFLOW_LINE_1 },
  },
  {
    name: "recursion through toString",
    language: "javascript",
    code: c("const o = { toString() { return String(o) + 1; } }; String(o)"),
    expect: { status: "error", error: OVERFLOW_LINE_1 },
  },
  {
    name: "recursion through valueOf",
    language: "javascript",
    code: c("const o = { valueOf() { return +o + 1; } }; +o"),
    expect: { status: "error", error: OVERFLOW_LINE_1 },
  },
  {
    name: "JSON.stringify of a 100k-deep array",
    language: "javascript",
    code: c("let a = []; for (let i = 0; i < 1e5; i++) a = [a]; JSON.stringify(a).length"),
    expect: { status: "error", error: OVERFLOW_LINE_1 },
  },
  {
    name: "String of a 100k-deep array",
    language: "javascript",
    code: c("let a = []; for (let i = 0; i < 1e5; i++) a = [a]; String(a).length"),
    expect: { status: "error", error: /^InternalError: stack overflow$/ },
  },
  {
    name: "deep recursion inside a promise chain",
    language: "javascript",
    code: c("Promise.resolve(0).then(function f(n) { return f(n + 1) + 1; })"),
    expect: { status: "error", error: OVERFLOW_LINE_1 },
  },
  {
    name: "100k-deep literal parsed by eval",
    language: "javascript",
    code: c("eval('['.repeat(1e5))"),
    expect: { status: "error", error: /^SyntaxError: stack overflow/ },
  },
];

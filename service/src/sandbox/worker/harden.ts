import { constants as fsConstants } from "node:fs";
import { createRequire } from "node:module";
import { constants as osConstants } from "node:os";
import { installMemoryCap } from "./memoryCap.js";

/**
 * Process-level hardening that runs before any runtime is loaded. The
 * permission model already refuses file reads outside the runtime folders,
 * all file writes, child processes and worker threads; Node 20's model has no
 * network permission, so every way into the network is replaced by a function
 * that throws. None of this is the only wall: guest code runs inside WASM and
 * is not handed these objects; this is what remains if it ever reaches them.
 */
const require = createRequire(import.meta.url);

const DENIED: Record<string, readonly string[]> = {
  child_process: ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"],
  net: ["connect", "createConnection", "createServer"],
  tls: ["connect", "createServer"],
  dgram: ["createSocket"],
  http: ["request", "get", "createServer"],
  https: ["request", "get", "createServer"],
  http2: ["connect", "createServer", "createSecureServer"],
  dns: ["lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny", "reverse"],
};

/** process methods that reach native bindings, other processes or live handles. */
const PROCESS_DENIED = [
  "_linkedBinding",
  "dlopen",
  "kill",
  "_kill",
  "getBuiltinModule",
  "_debugProcess",
  "_debugEnd",
  "_getActiveHandles",
  "_getActiveRequests",
  "openStdin",
  "loadEnvFile",
];

const DENIED_GLOBALS = ["fetch", "WebSocket", "EventSource", "XMLHttpRequest"];

export function hardenProcess(): void {
  for (const [name, functions] of Object.entries(DENIED)) denyAll(require(`node:${name}`), functions, name);
  denyPrototype(require("node:net").Socket.prototype, "connect", "net.Socket");
  denyPrototype(require("node:net").Server.prototype, "listen", "net.Server");
  denyAll(require("node:dns").promises, DENIED.dns ?? [], "dns.promises");
  require("node:module").syncBuiltinESMExports();
  for (const name of DENIED_GLOBALS) Reflect.deleteProperty(globalThis, name);
  restrictProcessObject();
  installMemoryCap();
}

/** Pyodide reads only the fs constants through process.binding; nothing else is served. */
function restrictProcessObject(): void {
  const binding = (name: string): unknown => {
    if (name === "constants") return { fs: fsConstants, os: osConstants };
    throw refusal(`process.binding(${name})`);
  };
  const processObject = process as unknown as Record<string, unknown>;
  processObject.binding = binding;
  for (const name of PROCESS_DENIED) {
    processObject[name] = () => {
      throw refusal(`process.${name}`);
    };
  }
}

function denyAll(target: Record<string, unknown>, functions: readonly string[], owner: string): void {
  for (const name of functions) {
    if (typeof target[name] === "function") target[name] = denied(`${owner}.${name}`);
  }
}

function denyPrototype(prototype: object, name: string, owner: string): void {
  Object.defineProperty(prototype, name, { value: denied(`${owner}.${name}`), writable: false, configurable: false });
}

function denied(what: string): () => never {
  return () => {
    throw refusal(what);
  };
}

function refusal(what: string): Error {
  return Object.assign(new Error(`sandbox: ${what} is disabled`), { code: "EACCES" });
}

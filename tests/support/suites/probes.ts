import type { LiveEnvironment } from "../environment.js";

/** A one-off node program, run with the api image's node. */
export const nodeProbe = (script: string): string[] => ["node", "-e", script];

/** The image of the api: it has node, so probes run in it. */
export const apiImage = (e: LiveEnvironment): string =>
  e.model.services.find((s) => s.role === "api")!.env.APP_VERSION!;

/** A TCP connect attempt printed as one word: "connected", or the error code. */
export const connectScript = (host: string, port: number): string =>
  `const s=require("net").connect({host:${JSON.stringify(host)},port:${port},timeout:3000});` +
  `s.on("connect",()=>{console.log("connected");process.exit(0)});` +
  `s.on("timeout",()=>{console.log("TIMEOUT");process.exit(0)});` +
  `s.on("error",e=>{console.log(e.code);process.exit(0)})`;

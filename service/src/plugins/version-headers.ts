import type { FastifyInstance } from "fastify";
import type { Config } from "../config.js";

export const COLOUR_HEADER = "x-app-colour";
export const VERSION_HEADER = "x-app-version";

/**
 * Stamps every response, errors and 404s included (onSend runs for all of them), so a
 * blue/green switch can be verified through the proxy from the outside.
 */
export function installVersionHeaders(app: FastifyInstance, identity: Config["app"]): void {
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header(COLOUR_HEADER, identity.colour);
    reply.header(VERSION_HEADER, identity.version);
    return payload;
  });
}

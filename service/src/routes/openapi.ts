import swagger from "@fastify/swagger";
import type { FastifyInstance, FastifyPluginAsync } from "fastify";
import type { Config } from "../config.js";
import type { RouteContext } from "./context.js";

const documentBody = {
  type: "object",
  additionalProperties: true,
  description: "OpenAPI 3 document of this API",
} as const;

/**
 * Registers @fastify/swagger at the root before any route, so the document is generated from
 * every route's declared schemas (it records routes as they are added).
 */
export function registerOpenApi(app: FastifyInstance, config: Config): void {
  void app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Verification API",
        version: config.app.version,
        description:
          "Deterministic verification of maths, logic, statistics and English claims behind a security gateway.",
      },
      components: {
        securitySchemes: {
          apiKey: { type: "apiKey", in: "header", name: "x-api-key" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
    },
  });
}

/** GET /openapi.json: public, like the health routes; it documents, it grants nothing. */
export const openApiRoutes: FastifyPluginAsync<RouteContext> = async (app) => {
  app.get(
    "/openapi.json",
    { schema: { tags: ["meta"], summary: "This API's OpenAPI document", response: { 200: documentBody } } },
    async () => app.swagger(),
  );
};

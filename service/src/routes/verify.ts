import type { FastifyPluginAsync } from "fastify";
import { principalOf } from "../security/request-principal.js";
import type { VerificationPipeline } from "./verification/pipeline.js";
import { apiKeySecurity, errorResponses, verdictSchema } from "./api-schemas.js";
import { engineBodySchema } from "./verification/body-schema.js";
import { ENGINE_ROUTES } from "./verification/engine-routes.js";

export interface VerifyRouteOptions {
  pipeline: VerificationPipeline;
}

/** POST /verify/<engine>: every answer is 200 with a verdict, refusals of the gateway included. */
export const verifyRoutes: FastifyPluginAsync<VerifyRouteOptions> = async (app, { pipeline }) => {
  for (const route of ENGINE_ROUTES) {
    app.post(
      route.path,
      {
        config: { permission: "verify" },
        schema: {
          tags: ["verify"],
          summary: route.summary,
          security: apiKeySecurity,
          body: engineBodySchema(route.schema, `input of the ${route.engine} engine`),
          response: { 200: verdictSchema, ...errorResponses(413, 415) },
        },
      },
      async (request) => pipeline.verify(route.engine, request.body, { request, keyId: principalOf(request).keyId }),
    );
  }
};

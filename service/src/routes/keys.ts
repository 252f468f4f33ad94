import type { FastifyPluginAsync } from "fastify";
import { ApiError } from "../security/errors.js";
import { shownText } from "../security/input-shape.js";
import { generateApiKey, KEY_ID_PATTERN } from "../security/keys/api-key.js";
import { hashNewKey } from "../security/keys/key-hash.js";
import { ROLES, type Role } from "../security/roles.js";
import type { ApiRouteOptions } from "./api-options.js";
import { apiKeySecurity, errorResponses, keyInfoSchema } from "./api-schemas.js";

const createBody = {
  type: "object",
  required: ["name", "role"],
  additionalProperties: false,
  properties: {
    name: {
      type: "string",
      minLength: 1,
      maxLength: 100,
      pattern: "^[A-Za-z0-9 ._-]+$",
      description: "who or what the key is for",
    },
    role: { type: "string", enum: ROLES },
  },
} as const;
const createdKey = {
  ...keyInfoSchema,
  required: [...keyInfoSchema.required, "key"],
  properties: { ...keyInfoSchema.properties, key: { type: "string", description: "shown once, never again" } },
};
const idParams = {
  type: "object",
  required: ["id"],
  properties: {
    id: {
      type: "string",
      pattern: KEY_ID_PATTERN,
      description: "a key id as GET /admin/keys lists it (12 lowercase hex characters, or bootstrap)",
    },
  },
} as const;
const keyList = {
  type: "object",
  required: ["keys"],
  properties: { keys: { type: "array", items: keyInfoSchema } },
} as const;
const config = { permission: "keys:manage" } as const;

/** Admin key management: create (the key is returned once), list (never the key or its hash), revoke. */
export const keyRoutes: FastifyPluginAsync<ApiRouteOptions> = async (app, { gateway }) => {
  app.post<{ Body: { name: string; role: Role } }>(
    "/admin/keys",
    {
      config,
      schema: {
        tags: ["admin"],
        security: apiKeySecurity,
        body: createBody,
        response: { 201: createdKey, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { id, key } = generateApiKey();
      const info = await gateway.keys.insert({
        id,
        name: request.body.name,
        role: request.body.role,
        ...(await hashNewKey(key)),
      });
      return reply.status(201).send({ ...info, key });
    },
  );

  app.get(
    "/admin/keys",
    { config, schema: { tags: ["admin"], security: apiKeySecurity, response: { 200: keyList, ...errorResponses() } } },
    async () => ({ keys: await gateway.keys.list() }),
  );

  // attachValidation: a malformed id is answered with what was received, which Ajv's message leaves out.
  app.delete<{ Params: { id: string } }>(
    "/admin/keys/:id",
    {
      config,
      attachValidation: true,
      schema: {
        tags: ["admin"],
        security: apiKeySecurity,
        params: idParams,
        response: { 200: keyInfoSchema, ...errorResponses(404) },
      },
    },
    async (request) => {
      if (request.validationError)
        throw new ApiError(
          "KEY_ID_INVALID",
          `params/id: received ${shownText(request.params.id)}; allowed: ${idParams.properties.id.description}`,
        );
      const revoked = await gateway.keys.revoke(request.params.id);
      if (!revoked)
        throw new ApiError(
          "KEY_NOT_FOUND",
          `no API key has id ${JSON.stringify(request.params.id)}; list ids with GET /admin/keys`,
        );
      gateway.keyCache.forgetKeyId(revoked.id);
      return revoked;
    },
  );
};

import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors.js";
import { firstShapeProblem } from "./input-shape.js";

/**
 * Refuses, with 400 and the problem's code, any request of this scope whose path parameters,
 * query string or body hold what input-shape.ts rules out. It runs at preValidation: after
 * authentication (anonymous clients get no parsing work beyond the gateway's) and before
 * schema validation and every handler, so nothing downstream meets Infinity, deep nesting or
 * text Postgres cannot store.
 */
export function installInputShapeCheck(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const parts: [string, unknown][] = [
      ["params", request.params],
      ["querystring", request.query],
      ["body", request.body],
    ];
    for (const [part, value] of parts) {
      const problem = firstShapeProblem(value, part);
      if (problem) throw new ApiError(problem.code, problem.message);
    }
  });
}

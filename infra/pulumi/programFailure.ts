import * as pulumi from "@pulumi/pulumi";

/**
 * What the program throws, as the engine should report it. Our coded errors (a `code` string: an invalid
 * stack file, unresolved images, a target the stack cannot use) already say where, what is allowed and
 * how to fix it, so they become a `pulumi.RunError` without a stack: the runtime prints a RunError's
 * message alone, and formats a stack only when there is one. Formatting one cost the language host about
 * 33 s of CPU (`util.inspect` of the error under the runtime's source-map support, mostly in the garbage
 * collector): a wrong stack file was reported after 36.6 s, now after 3.3 s. Anything else is a bug and
 * keeps its stack.
 */
export function programFailure(e: unknown): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (!(e instanceof Error) || typeof code !== "string") return e;
  const failure = new pulumi.RunError(`${code}: ${e.message}`);
  failure.stack = "";
  return failure;
}

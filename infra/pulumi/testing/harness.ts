import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../../config/load.js";

/**
 * Runs Pulumi code in-process under `pulumi.runtime.setMocks`: the resource monitor is the one I/O
 * seam, replaced by a recorder. Every registered resource is returned with the exact inputs the
 * provider would have received, its parent, and its URN.
 */
export interface Recorded {
  type: string;
  name: string;
  /** Inputs as the resource monitor received them (secrets unwrapped). */
  inputs: Record<string, any>;
  /** The inputs as passed to the constructor, Outputs and all (to check secret-ness). */
  props: Record<string, unknown>;
  /** Name of the parent resource; undefined for top-level resources. */
  parent?: string;
  urn: string;
  /** The provider reference the resource is managed by (explicit providers only). */
  provider?: string;
  /** Resource options that change lifecycle, and the names of explicit dependencies. */
  options: { retainOnDelete?: boolean; deleteBeforeReplace?: boolean; dependsOn: string[] };
}

/** Outputs a real provider computes, given plausible values so dependents resolve. */
const COMPUTED: Record<string, (name: string, inputs: Record<string, any>) => Record<string, unknown>> = {
  "docker:index/remoteImage:RemoteImage": (_n, i) => ({ imageId: `sha256:${sha256(String(i.name))}` }),
  "command:local:Command": (n, i) => ({
    stdout: String(i.create).startsWith("openssl req") ? selfSignedPem(n) : `${sha256(n)}\n`,
    stderr: "",
  }),
};

/** What the self-signed step's openssl prints: the key, then the certificate. */
const selfSignedPem = (n: string): string =>
  `-----BEGIN PRIVATE KEY-----\n${n}\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n${n}\n-----END CERTIFICATE-----\n`;

export const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

export async function runUnderMocks<T>(
  stack: string,
  config: Record<string, string>,
  secretKeys: string[],
  fn: () => T,
): Promise<{ resources: Recorded[]; result: T }> {
  const inputs = new Map<string, Record<string, any>>();
  const providers = new Map<string, string>();
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        inputs.set(`${args.type}::${args.name}`, args.inputs);
        if (args.provider) providers.set(`${args.type}::${args.name}`, args.provider);
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, ...(COMPUTED[args.type]?.(args.name, args.inputs) ?? {}) },
        };
      },
      call: (args) => args.inputs,
    },
    PROJECT,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config, secretKeys);
  const seen: {
    resource: pulumi.Resource;
    type: string;
    name: string;
    parent?: pulumi.Resource;
    props: Record<string, unknown>;
    opts: pulumi.CustomResourceOptions;
  }[] = [];
  let result: T | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((a) => {
      seen.push({
        resource: a.resource,
        type: a.type,
        name: a.name,
        parent: a.opts.parent,
        props: a.props as Record<string, unknown>,
        opts: a.opts as pulumi.CustomResourceOptions,
      });
      return undefined;
    });
    result = fn();
    return {};
  });
  const urns = await resolved(pulumi.all(seen.map((s) => s.resource.urn)));
  const names = new Map(seen.map((s) => [s.resource, s.name]));
  const resources = seen.map((s, i) => ({
    type: s.type,
    name: s.name,
    inputs: inputs.get(`${s.type}::${s.name}`) ?? {},
    props: s.props,
    ...(s.parent && names.has(s.parent) ? { parent: names.get(s.parent) } : {}),
    ...(providers.has(`${s.type}::${s.name}`) ? { provider: providers.get(`${s.type}::${s.name}`) } : {}),
    urn: urns[i]!,
    options: {
      ...(s.opts.retainOnDelete !== undefined ? { retainOnDelete: s.opts.retainOnDelete } : {}),
      ...(s.opts.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: s.opts.deleteBeforeReplace } : {}),
      dependsOn: (Array.isArray(s.opts.dependsOn) ? s.opts.dependsOn : s.opts.dependsOn ? [s.opts.dependsOn] : []).map(
        (d) => names.get(d as pulumi.Resource) ?? "?",
      ),
    },
  }));
  return { resources, result: result as T };
}

/**
 * Runs code expected to throw while the program is being declared, under the same mocks but outside a
 * stack (a failing stack leaves its root resource's outputs rejected after the test). Returns the error.
 */
export async function declarationError(
  stack: string,
  config: Record<string, string>,
  secretKeys: string[],
  fn: () => unknown,
): Promise<unknown> {
  await pulumi.runtime.setMocks(
    { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: (args) => args.inputs },
    PROJECT,
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(config, secretKeys);
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  // Resources declared before the throw are still registering: let them finish before the next test's mocks.
  await pulumi.runtime.disconnect();
  if (error === undefined) throw new Error("expected the program to throw while declaring resources; it did not");
  return error;
}

/** Pulumi's marker of a secret value in serialized inputs. */
const SECRET_SIG = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

/** True when a serialized input is a secret. */
export function isSecretInput(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG.key] === SECRET_SIG.value
  );
}

/** Inputs with every secret marker removed: the plain values a provider would receive. */
export function plain(value: unknown): any {
  if (isSecretInput(value)) return plain((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** The value of an Output, once known. */
export function resolved<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** Whether an Output (or a plain value) is marked secret. */
export async function isSecretOutput(value: unknown): Promise<boolean> {
  return pulumi.Output.isInstance(value) ? pulumi.isSecret(value as pulumi.Output<unknown>) : false;
}

import type * as pulumi from "@pulumi/pulumi";

/**
 * Target-specific code that creates a component's children. It receives the component as parent
 * (every child is created with `{ parent }`) and the component's name to derive child names from.
 */
export type Build<T> = (parent: pulumi.ComponentResource, name: string) => T;

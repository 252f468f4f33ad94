/**
 * Policies as pure functions over plain resource data, so each can be tested with a compliant and a
 * violating resource; policies.ts adapts them to @pulumi/policy.
 */
export interface Subject {
  /** Pulumi type token, e.g. docker:index/container:Container. */
  type: string;
  name?: string;
  /** Resource properties (inputs at preview, outputs after). */
  props: Record<string, any>;
  urn?: string;
}

export interface ResourceRule {
  name: string;
  description: string;
  /** Violation messages for one resource; empty when compliant or not concerned. */
  check(subject: Subject): string[];
}

export interface Violation {
  message: string;
  urn?: string;
}

export interface StackRule {
  name: string;
  description: string;
  check(resources: Subject[]): Violation[];
}

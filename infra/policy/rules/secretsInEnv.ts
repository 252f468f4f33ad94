import { DOCKER_CONTAINER, containersOf, dockerEnv, isWorkload, label, podSpecOf } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

/** Names that announce a secret; `<NAME>_FILE` (a path to a mounted secret) is the allowed form. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i;
/** Values that are key material whatever the name. */
const SECRET_VALUE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Secrets never sit in plain environment variables: they are files (or secretKeyRef on Kubernetes). */
export const noSecretsInEnv: ResourceRule = {
  name: "no-secrets-in-env",
  description: "No secret-looking value in a plain environment variable; use a secret file (NAME_FILE) instead.",
  check(s: Subject): string[] {
    if (s.type === DOCKER_CONTAINER)
      return dockerEnv(s.props).flatMap(([name, value]) => problem(label(s), name, value));
    if (!isWorkload(s)) return [];
    return containersOf(podSpecOf(s)).flatMap((c) =>
      (c.env ?? [])
        .filter((e: Record<string, unknown>) => e.valueFrom === undefined)
        .flatMap((e: Record<string, unknown>) =>
          problem(`${label(s)}/${c.name}`, String(e.name), String(e.value ?? "")),
        ),
    );
  },
};

function problem(where: string, name: string, value: string): string[] {
  if (SECRET_VALUE.test(value)) return [`${where}: ${name} holds key material in plain text; mount it as a file`];
  if (SECRET_NAME.test(name) && !name.endsWith("_FILE") && value !== "") {
    return [
      `${where}: ${name} looks like a secret in plain text (value hidden); deliver it as a file and set ${name}_FILE`,
    ];
  }
  return [];
}

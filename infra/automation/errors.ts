/** The Pulumi CLI is not on PATH: the Automation API drives it and cannot work without it. */
export class PulumiCliMissingError extends Error {
  readonly code = "PULUMI_CLI_MISSING";
  constructor(path: string) {
    super(
      `pulumi: the Pulumi CLI was not found on PATH (\`which pulumi\` found nothing; PATH=${path}). ` +
        "This repository builds its own from Go modules: `bash engine/build.sh` prints the directory to put first on PATH " +
        "(`npm run pulumi -- <args>` does it for you). Elsewhere install it from https://www.pulumi.com/docs/install/. Nothing was changed.",
    );
    this.name = "PulumiCliMissingError";
  }
}

/** The file backend encrypts stack secrets with a passphrase; without one no stack can be opened. */
export class PassphraseMissingError extends Error {
  readonly code = "PULUMI_PASSPHRASE_MISSING";
  constructor() {
    super(
      "pulumi: neither PULUMI_CONFIG_PASSPHRASE nor PULUMI_CONFIG_PASSPHRASE_FILE is set; allowed: one of them, " +
        "holding the passphrase that encrypts this repository's stack secrets. Export one and run again. Nothing was changed.",
    );
    this.name = "PassphraseMissingError";
  }
}

/** `destroy` removes an environment: it runs only when the caller confirmed it. */
export class DestroyNotConfirmedError extends Error {
  readonly code = "DESTROY_NOT_CONFIRMED";
  constructor(stack: string) {
    super(`pulumi destroy ${stack}: not confirmed; pass confirmed: true after asking the operator. Kept volumes survive either way. Nothing was changed.`);
    this.name = "DestroyNotConfirmedError";
  }
}

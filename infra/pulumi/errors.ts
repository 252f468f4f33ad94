/** Images needed by this run could not be resolved: which roles, where they were looked for, how to fix. */
export class ImageResolutionError extends Error {
  readonly code = "IMAGES_UNRESOLVED";
  constructor(
    readonly stackName: string,
    readonly missing: string[],
  ) {
    super(
      `Pulumi.${stackName}.yaml: images.source is "build" but ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not set; ` +
        `allowed: a local image tag per role, e.g. VERIFIER_IMAGE_API=verifier/api:<content hash>. ` +
        `Run the image builder first (it exports these variables), or switch the stack to images.source "registry".`,
    );
    this.name = "ImageResolutionError";
  }
}

/** The model asks for something a target cannot express; says which service and field. */
export class TargetError extends Error {
  readonly code = "TARGET_UNSUPPORTED";
  constructor(where: string, received: string, allowed: string) {
    super(
      `${where}: received ${received}; allowed: ${allowed}. Fix the model or the target translation; nothing was deployed.`,
    );
    this.name = "TargetError";
  }
}

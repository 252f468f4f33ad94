import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "./config/load.js";
import { presentProjectKeys, readRawConfig } from "./pulumi/config.js";
import { programFailure } from "./pulumi/programFailure.js";
import { program } from "./pulumi/program.js";

// The Pulumi program (Pulumi.yaml `main: infra/`). Everything is decided by the model; see the README, "Staging, prod and drills with Pulumi".
const outputs = (() => {
  try {
    return program(pulumi.getStack(), readRawConfig(new pulumi.Config(PROJECT), presentProjectKeys()));
  } catch (e) {
    throw programFailure(e);
  }
})();

export const url = outputs.url;
export const activeColour = outputs.activeColour;
export const previewUrls = outputs.previewUrls;
export const containers = outputs.containers;
export const apiImages = outputs.apiImages;
export const backupLocation = outputs.backupLocation;
export const tlsCertificate = outputs.tlsCertificate;
export const adminApiKey = outputs.adminApiKey;

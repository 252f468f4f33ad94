import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies.js";

// Run with `pulumi up --policy-pack infra/policy` (the Automation API wrapper always passes it).
new PolicyPack("verifier-hardening", { enforcementLevel: "mandatory", policies: POLICIES });

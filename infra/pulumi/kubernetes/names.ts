import type { Colour } from "../../config/schema.js";

/**
 * Names on the Kubernetes target that the program and the runbooks share (this module imports no
 * provider, so the runbooks load it cheaply): the Services that move traffic and the api Deployments.
 */
/** The Service clients reach: it selects the active colour (a flip changes its selector). */
export const ACTIVE_SERVICE = "api";
/** The Service of the idle colour, where a deploy smokes it before the switch. */
export const PREVIEW_SERVICE = "api-preview";
export const apiDeploymentName = (colour: Colour): string => `api-${colour}`;
/** The label every object of one stack carries: the model's project (`verifier-<instance>`). */
export const INSTANCE_LABEL = "app.kubernetes.io/instance";
/** The backup CronJob (the model's backup service's name): the runbooks make their Jobs from its template. */
export const BACKUP_CRONJOB = "backup";

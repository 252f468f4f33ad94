import type * as k8s from "@pulumi/kubernetes";
import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { IStatefulSetSpec } from "kubernetes-models/apps/v1/StatefulSetSpec";
import type { ICronJobSpec } from "kubernetes-models/batch/v1/CronJobSpec";

/**
 * The pure builders are typed with kubernetes-models (plain data, validated against the Kubernetes
 * schema in tests). @pulumi/kubernetes types the same OpenAPI schema but declares quantities as
 * strings where kubernetes-models allows string | number; the builders emit strings only, so the
 * data is the same and only the declaration differs.
 */
export const deploymentInput = (spec: IDeploymentSpec) => spec as unknown as k8s.types.input.apps.v1.DeploymentSpec;
export const statefulSetInput = (spec: IStatefulSetSpec) => spec as unknown as k8s.types.input.apps.v1.StatefulSetSpec;
export const cronJobInput = (spec: ICronJobSpec) => spec as unknown as k8s.types.input.batch.v1.CronJobSpec;

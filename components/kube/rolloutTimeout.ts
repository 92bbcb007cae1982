import * as pulumi from "@pulumi/pulumi";

/**
 * How long the Kubernetes provider waits for a workload it creates or updates to run its new revision, Ready
 * (its await logic), before `pulumi up` fails naming the workload and its pods' troubles. The seconds come
 * from `rolloutTimeouts` (components/config/rolloutTimeouts.ts).
 */
export const rolloutTimeout = (seconds: number): pulumi.CustomTimeouts => ({ create: `${seconds}s`, update: `${seconds}s` });

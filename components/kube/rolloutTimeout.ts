import * as pulumi from "@pulumi/pulumi";

/**
 * How long the Kubernetes provider waits for a workload it creates or updates to run its new revision, Ready
 * (its await logic), before `pulumi up` fails naming the workload and its pods' troubles. The seconds come
 * from `rolloutTimeouts` (components/config/rolloutTimeouts.ts).
 */
export const rolloutTimeout = (seconds: number): pulumi.CustomTimeouts => ({ create: `${seconds}s`, update: `${seconds}s` });

/** The argument of a component with one workload: how long `pulumi up` waits for it to roll. */
export interface RolloutWait {
    /** Seconds `pulumi up` waits for the workload to run its new revision, Ready (see {@link rolloutTimeout}). */
    rolloutTimeoutSeconds: number;
}

/**
 * The resource options of a workload declared as a child of `parent`: `pulumi up` waits `seconds` for its roll,
 * and `more` (dependsOn, protect) is added as given.
 */
export const workloadOptions = (
    parent: pulumi.Resource,
    seconds: number,
    more: Omit<pulumi.CustomResourceOptions, "parent" | "customTimeouts"> = {},
): pulumi.CustomResourceOptions => ({ parent, ...more, customTimeouts: rolloutTimeout(seconds) });

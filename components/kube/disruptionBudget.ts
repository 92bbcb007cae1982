import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TierCompanion } from "./workloadContext";

/** What a tier's PodDisruptionBudget is built from. */
export interface DisruptionBudgetInput extends TierCompanion {
    /** The workload's pod selector. */
    podSelector: Record<string, string>;
    /** Pods a voluntary disruption (a node drain, a cluster upgrade) may take down at once. */
    maxUnavailable: number;
}

/**
 * Declares, as a child of `parent`, the PodDisruptionBudget of a replicated tier: drains evict at most
 * `maxUnavailable` of its pods at a time, and pods that are not Ready anyway never block a drain.
 */
export function disruptionBudget(
    parent: pulumi.ComponentResource,
    logicalName: string,
    input: DisruptionBudgetInput,
): k8s.policy.v1.PodDisruptionBudget {
    const { name, namespace, labels, podSelector, maxUnavailable } = input;
    return new k8s.policy.v1.PodDisruptionBudget(
        logicalName,
        {
            metadata: { name, namespace, labels },
            spec: {
                maxUnavailable,
                selector: { matchLabels: podSelector },
                unhealthyPodEvictionPolicy: "AlwaysAllow",
            },
        },
        { parent },
    );
}

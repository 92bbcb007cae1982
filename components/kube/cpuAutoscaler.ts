import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AutoscalingConfig } from "../config/types";
import { TierCompanion } from "./workloadContext";

/** What a tier's HorizontalPodAutoscaler is built from. */
export interface CpuAutoscalerInput extends TierCompanion {
    /** The Deployment it scales (an output, so the HPA waits for it). */
    deploymentName: pulumi.Input<string>;
    autoscaling: AutoscalingConfig;
}

/**
 * Declares, as a child of `parent`, a HorizontalPodAutoscaler that keeps a Deployment's average CPU use
 * near the target (a share of the pods' CPU requests). Scale-down waits five minutes of lower load, so a
 * short lull does not take proxies away.
 */
export function cpuAutoscaler(
    parent: pulumi.ComponentResource,
    logicalName: string,
    input: CpuAutoscalerInput,
): k8s.autoscaling.v2.HorizontalPodAutoscaler {
    const { name, namespace, labels, autoscaling } = input;
    return new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        logicalName,
        {
            metadata: { name, namespace, labels },
            spec: {
                scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: input.deploymentName },
                minReplicas: autoscaling.minReplicas,
                maxReplicas: autoscaling.maxReplicas,
                metrics: [
                    {
                        type: "Resource",
                        resource: {
                            name: "cpu",
                            target: { type: "Utilization", averageUtilization: autoscaling.targetCpuUtilizationPercent },
                        },
                    },
                ],
                behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
            },
        },
        { parent },
    );
}

import * as k8s from "@pulumi/kubernetes";
import { GpuConfig } from "../config/types";

/** Pod-spec fields that put a pod on the GPU nodes: node selector, the GPU taint's toleration, runtime class. */
export interface GpuPlacement {
    nodeSelector?: Record<string, string>;
    tolerations?: k8s.types.input.core.v1.Toleration[];
    runtimeClassName?: string;
}

/** GPU node placement for a Milvus server, or nothing when GPUs are off. */
export function gpuPlacement(gpu: GpuConfig): GpuPlacement {
    if (!gpu.enabled) {
        return {};
    }
    return {
        nodeSelector: Object.keys(gpu.nodeSelector).length > 0 ? gpu.nodeSelector : undefined,
        tolerations: gpu.tolerateTaint ? [gpuToleration(gpu.resourceName)] : undefined,
        runtimeClassName: gpu.runtimeClassName,
    };
}

/** Tolerates the `<resourceName>` NoSchedule taint that GPU node pools carry (GKE, EKS and AKS set it). */
export const gpuToleration = (resourceName: string): k8s.types.input.core.v1.Toleration => ({
    key: resourceName,
    operator: "Exists",
    effect: "NoSchedule",
});

import * as k8s from "@pulumi/kubernetes";
import { GpuConfig } from "../config/types";

/** Pod-spec fields that put a pod on the GPU nodes: node selector, the GPU taint's toleration, runtime class. */
export interface GpuPlacement {
    nodeSelector?: Record<string, string>;
    affinity?: k8s.types.input.core.v1.Affinity;
    tolerations?: k8s.types.input.core.v1.Toleration[];
    runtimeClassName?: string;
}

/** The node label NVIDIA GPU Feature Discovery puts the GPU's architecture family in (pascal, volta, ...). */
export const gpuFamilyLabel = "nvidia.com/gpu.family";

/**
 * GPU node placement for a Milvus server, or nothing when GPUs are off: the GPU nodes' labels, only GPUs of
 * the allowed families (the release's GPU kernels run on no others), the GPU taint tolerated.
 */
export function gpuPlacement(gpu: GpuConfig): GpuPlacement {
    if (!gpu.enabled) {
        return {};
    }
    return {
        nodeSelector: Object.keys(gpu.nodeSelector).length > 0 ? gpu.nodeSelector : undefined,
        affinity:
            gpu.allowedFamilies.length === 0
                ? undefined
                : {
                      nodeAffinity: {
                          requiredDuringSchedulingIgnoredDuringExecution: {
                              nodeSelectorTerms: [
                                  { matchExpressions: [{ key: gpuFamilyLabel, operator: "In", values: gpu.allowedFamilies }] },
                              ],
                          },
                      },
                  },
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

import { MilvusRelease, releaseProfiles } from "../release/milvusReleases";
import { ConfigReader } from "./configReader";
import { GpuConfig } from "./types";
import { dnsLabel, dnsSubdomain, labelSelectorProblem } from "./validators";

/**
 * `gpu`: GPU scheduling of the Milvus servers and the NVIDIA device plugin. `gpu.enabled` is read before the
 * other sections (the images depend on it) and handed in.
 */
export function readGpu(reader: ConfigReader, enabled: boolean, release: MilvusRelease): GpuConfig {
    return {
        enabled,
        perServer: reader.integer("gpu.perServer", 1, 1, 16),
        resourceName: reader.string("gpu.resourceName", "nvidia.com/gpu"),
        nodeSelector: reader.stringMap("gpu.nodeSelector", { "nvidia.com/gpu.present": "true" }, labelSelectorProblem),
        allowedFamilies: reader.stringList("gpu.allowedFamilies", [...releaseProfiles[release].gpuFamilies], labelValue),
        tolerateTaint: reader.boolean("gpu.tolerateTaint", true),
        runtimeClassName: reader.optionalString("gpu.runtimeClassName", dnsSubdomain),
        devicePlugin: {
            enabled: reader.boolean("gpu.devicePlugin.enabled", true),
            namespace: reader.string("gpu.devicePlugin.namespace", "kube-system", dnsLabel),
        },
    };
}

/** A Kubernetes label value (a node label's value such as a GPU family). */
function labelValue(value: string): string | undefined {
    return /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(value)
        ? undefined
        : "expected a label value: at most 63 characters of a-z, A-Z, 0-9, '-', '_' and '.'";
}

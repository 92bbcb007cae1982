import { ConfigReader } from "./configReader";
import { readPodAnnotations } from "./podAnnotations";
import { AccessMode, AutoscalingConfig, ContainerResources, DisruptionBudgetConfig, ServiceType, TierConfig, VolumeConfig } from "./types";
import { dnsSubdomain, kubernetesQuantity } from "./validators";

/**
 * The keys every workload tier spells the same way under its own prefix (`<tier>.replicas`, `<tier>.resources`,
 * `<tier>.priorityClassName`, ...): the building blocks the section readers share.
 */

export const serviceTypes: readonly ServiceType[] = ["ClusterIP", "LoadBalancer", "NodePort"];
const accessModes: readonly AccessMode[] = ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod"];

/** `<path>.requests.cpu`, `.requests.memory`, `.limits.cpu`, `.limits.memory`. */
export const readResources = (reader: ConfigReader, path: string, fallback: ContainerResources): ContainerResources => ({
    requests: {
        cpu: reader.quantity(`${path}.requests.cpu`, fallback.requests.cpu, kubernetesQuantity),
        memory: reader.quantity(`${path}.requests.memory`, fallback.requests.memory, kubernetesQuantity),
    },
    limits: {
        cpu: reader.quantity(`${path}.limits.cpu`, fallback.limits.cpu, kubernetesQuantity),
        memory: reader.quantity(`${path}.limits.memory`, fallback.limits.memory, kubernetesQuantity),
    },
});

/** A persistent volume claim's `<path>.size`, `.storageClass` and `.accessMode`. */
export const readVolume = (reader: ConfigReader, path: string, fallback: VolumeConfig): VolumeConfig => ({
    size: reader.quantity(`${path}.size`, fallback.size, kubernetesQuantity),
    storageClass: reader.optionalString(`${path}.storageClass`, dnsSubdomain),
    accessMode: reader.oneOf(`${path}.accessMode`, accessModes, fallback.accessMode),
});

/** `<path>.replicas`, `.resources`, `.priorityClassName` and `.podAnnotations` of a workload tier. */
export const readTier = (
    reader: ConfigReader,
    path: string,
    replicas: number,
    res: ContainerResources,
    defaultPriority: string | undefined,
): TierConfig => ({
    replicas: reader.integer(`${path}.replicas`, replicas, 1),
    resources: readResources(reader, `${path}.resources`, res),
    priorityClassName: readPriority(reader, path, defaultPriority),
    podAnnotations: readPodAnnotations(reader, path),
});

/** `<path>.priorityClassName`, else `fallback` (`scheduling.priorityClassName`). */
export const readPriority = (reader: ConfigReader, path: string, fallback: string | undefined): string | undefined =>
    reader.optionalString(`${path}.priorityClassName`, dnsSubdomain) ?? fallback;

/** `<path>.disruptionBudget.maxUnavailable`. */
export const readDisruptionBudget = (reader: ConfigReader, path: string): DisruptionBudgetConfig => ({
    maxUnavailable: reader.integer(`${path}.disruptionBudget.maxUnavailable`, 1, 1),
});

/** `<path>.autoscaling`; while it is enabled the autoscaler owns the replica count, so `<path>.replicas` is refused. */
export const readAutoscaling = (reader: ConfigReader, path: string, replicas: number): AutoscalingConfig => {
    const key = `${path}.autoscaling`;
    const autoscaling = {
        enabled: reader.boolean(`${key}.enabled`, false),
        minReplicas: reader.integer(`${key}.minReplicas`, replicas, 1),
        maxReplicas: reader.integer(`${key}.maxReplicas`, Math.max(10, replicas), 1),
        targetCpuUtilizationPercent: reader.integer(`${key}.targetCpuUtilizationPercent`, 70, 1, 100),
    };
    if (autoscaling.maxReplicas < autoscaling.minReplicas) {
        reader.fail(`${key}.maxReplicas`, `expected an integer >= ${key}.minReplicas (${autoscaling.minReplicas})`);
    }
    if (autoscaling.enabled && reader.has(`${path}.replicas`)) {
        reader.fail(
            `${path}.replicas`,
            `not used while ${key}.enabled is true (the autoscaler owns the replica count); set ${key}.minReplicas instead`,
        );
    }
    return autoscaling;
};

// Is a workload's roll done? The e2e tier asks right when `pulumi up` returns, without waiting: the provider's
// await must not return before every pod runs the new revision.
import { KubeApi, KubeList, KubeObject } from "../cluster";

/** The fields of a Deployment or StatefulSet the check reads. */
export interface WorkloadWithStatus extends KubeObject {
    metadata: KubeObject["metadata"] & { generation?: number };
    spec?: { replicas?: number } & Record<string, unknown>;
    status?: {
        observedGeneration?: number;
        replicas?: number;
        updatedReplicas?: number;
        readyReplicas?: number;
        currentRevision?: string;
        updateRevision?: string;
    } & Record<string, unknown>;
}

/**
 * What is unfinished about one workload's roll: the controller has seen its latest spec
 * (`observedGeneration == generation`), every replica runs the new template (`updatedReplicas == replicas`),
 * and, for a StatefulSet, the new revision is the current one (`currentRevision == updateRevision`).
 */
export function rolloutProblems(kind: "Deployment" | "StatefulSet", workload: WorkloadWithStatus): string[] {
    const name = `${kind} ${workload.metadata.name}`;
    const status = workload.status ?? {};
    const problems: string[] = [];
    const generation = workload.metadata.generation ?? 0;
    if (status.observedGeneration !== generation) {
        problems.push(`${name}: observedGeneration ${status.observedGeneration ?? "unset"} != generation ${generation}`);
    }
    const replicas = workload.spec?.replicas ?? 1;
    if ((status.updatedReplicas ?? 0) !== replicas) {
        problems.push(`${name}: updatedReplicas ${status.updatedReplicas ?? 0} != replicas ${replicas}`);
    }
    if (kind === "StatefulSet" && (status.currentRevision === undefined || status.currentRevision !== status.updateRevision)) {
        problems.push(
            `${name}: currentRevision ${status.currentRevision ?? "unset"} != updateRevision ${status.updateRevision ?? "unset"}`,
        );
    }
    return problems;
}

/** {@link rolloutProblems} of every Deployment and StatefulSet in the namespace, read once. */
export async function namespaceRolloutProblems(api: KubeApi, namespace: string): Promise<string[]> {
    const [deployments, statefulSets] = await Promise.all([
        api.get<KubeList<WorkloadWithStatus>>(`/apis/apps/v1/namespaces/${namespace}/deployments`),
        api.get<KubeList<WorkloadWithStatus>>(`/apis/apps/v1/namespaces/${namespace}/statefulsets`),
    ]);
    return [
        ...deployments.items.flatMap((w) => rolloutProblems("Deployment", w)),
        ...statefulSets.items.flatMap((w) => rolloutProblems("StatefulSet", w)),
    ];
}

import { componentLabel } from "../../policy/lib/sharedNames";
import { KubeApi, KubeList, KubeObject } from "../cluster";
import { WorkloadWithStatus } from "./rolloutStatus";

/** The parts of a Deployment, StatefulSet or DaemonSet the checks read. */
type Workload = WorkloadWithStatus & { status?: { desiredNumberScheduled?: number; numberReady?: number } };

/** The parts of a pod the checks read. */
export interface Pod extends KubeObject {
    metadata: KubeObject["metadata"] & { deletionTimestamp?: string };
    spec?: {
        nodeName?: string;
        containers?: {
            name: string;
            image?: string;
            command?: string[];
            env?: { name: string; value?: string }[];
            resources?: { limits?: Record<string, string> };
        }[];
    } & Record<string, unknown>;
    status?: {
        phase?: string;
        conditions?: { type: string; status: string; message?: string }[];
        containerStatuses?: { name: string; ready?: boolean }[];
    } & Record<string, unknown>;
}

/** The pod's tier: its `app.kubernetes.io/component` label, or `(none)`. */
export const componentOf = (pod: Pod): string => pod.metadata.labels?.[componentLabel] ?? "(none)";

/** Whether the pod's Ready condition is True. */
export const isReady = (pod: Pod): boolean => pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

const gpuNodeLabel = "nvidia.com/gpu.present";

/** The GPUs a pod's containers hold. */
export const gpusHeld = (pod: Pod): number =>
    (pod.spec?.containers ?? []).reduce((n, c) => n + Number(c.resources?.limits?.["nvidia.com/gpu"] ?? 0), 0);

/** Reads the simulated cluster's state the e2e checks assert on. */
export class ClusterState {
    constructor(private readonly api: KubeApi) {}

    async deployments(namespace: string): Promise<Workload[]> {
        return (await this.api.get<KubeList<Workload>>(`/apis/apps/v1/namespaces/${namespace}/deployments`)).items;
    }

    async statefulSets(namespace: string): Promise<Workload[]> {
        return (await this.api.get<KubeList<Workload>>(`/apis/apps/v1/namespaces/${namespace}/statefulsets`)).items;
    }

    async pods(namespace: string): Promise<Pod[]> {
        return (await this.api.get<KubeList<Pod>>(`/api/v1/namespaces/${namespace}/pods`)).items;
    }

    /** The pods of the namespace that are not on their way out. */
    async livePods(namespace: string): Promise<Pod[]> {
        return (await this.pods(namespace)).filter((p) => p.metadata.deletionTimestamp === undefined);
    }

    async gpuNodes(): Promise<Set<string>> {
        const nodes = await this.api.get<KubeList>(`/api/v1/nodes?labelSelector=${encodeURIComponent(`${gpuNodeLabel}=true`)}`);
        return new Set(nodes.items.map((n) => n.metadata.name));
    }

    /** Problems with readiness: every Deployment and StatefulSet of the namespace at its replica count, Ready. */
    async unreadyWorkloads(namespace: string): Promise<string[]> {
        const problems: string[] = [];
        const workloads = [
            ...(await this.deployments(namespace)).map((w) => ["Deployment", w] as const),
            ...(await this.statefulSets(namespace)).map((w) => ["StatefulSet", w] as const),
        ];
        for (const [kind, w] of workloads) {
            const wanted = w.spec?.replicas ?? 1;
            const ready = w.status?.readyReplicas ?? 0;
            if (ready !== wanted) {
                problems.push(`${kind} ${w.metadata.name}: ${ready}/${wanted} ready`);
            }
        }
        return problems;
    }

    /** Problems with the device plugin: it must run, Ready, on every GPU node (0/0 does not count). */
    async devicePluginProblems(namespace: string, name: string): Promise<string[]> {
        const daemonSet = await this.api.find<Workload>(`/apis/apps/v1/namespaces/${namespace}/daemonsets/${name}`);
        if (daemonSet === undefined) {
            return [`DaemonSet ${namespace}/${name} does not exist`];
        }
        const gpuNodes = (await this.gpuNodes()).size;
        const desired = daemonSet.status?.desiredNumberScheduled ?? 0;
        const ready = daemonSet.status?.numberReady ?? 0;
        return desired === gpuNodes && ready === gpuNodes && gpuNodes > 0
            ? []
            : [`DaemonSet ${name}: scheduled on ${desired}, ready on ${ready}, GPU nodes ${gpuNodes}`];
    }

    /**
     * Problems with placement: pods that ask for `nvidia.com/gpu` run on GPU nodes (and only they may), and
     * every pod of the namespace is bound to a node.
     */
    async placementProblems(namespace: string): Promise<{ problems: string[]; gpuPods: number; cpuPods: number }> {
        const gpuNodes = await this.gpuNodes();
        const problems: string[] = [];
        let gpuPods = 0;
        let cpuPods = 0;
        for (const pod of await this.pods(namespace)) {
            if (pod.status?.phase === "Succeeded") {
                continue; // a finished Job pod
            }
            const node = pod.spec?.nodeName;
            const gpus = gpusHeld(pod);
            if (node === undefined) {
                problems.push(`pod ${pod.metadata.name} is not scheduled`);
            } else if (gpus > 0 && !gpuNodes.has(node)) {
                problems.push(`pod ${pod.metadata.name} holds ${gpus} GPU(s) but runs on CPU node ${node}`);
            } else if (gpus === 0 && gpuNodes.has(node)) {
                problems.push(`pod ${pod.metadata.name} holds no GPU but runs on GPU node ${node}`);
            }
            if (gpus > 0) {
                gpuPods += 1;
            } else {
                cpuPods += 1;
            }
        }
        return { problems, gpuPods, cpuPods };
    }

    /** Pod UIDs by `app.kubernetes.io/component`, to see which tiers a change rolled. */
    async podUidsByComponent(namespace: string): Promise<Record<string, string[]>> {
        const byComponent: Record<string, string[]> = {};
        for (const pod of await this.pods(namespace)) {
            if (pod.status?.phase === "Succeeded" || pod.metadata.deletionTimestamp !== undefined) {
                continue; // finished, or on its way out
            }
            (byComponent[componentOf(pod)] ??= []).push(pod.metadata.uid ?? pod.metadata.name);
        }
        for (const uids of Object.values(byComponent)) {
            uids.sort();
        }
        return byComponent;
    }

    /** Why pods of the namespace cannot be scheduled, from their PodScheduled condition and events. */
    async schedulingFailures(namespace: string): Promise<string[]> {
        const reasons = new Set<string>();
        for (const pod of await this.pods(namespace)) {
            for (const condition of pod.status?.conditions ?? []) {
                if (condition.type === "PodScheduled" && condition.status === "False" && condition.message) {
                    reasons.add(`${pod.metadata.name}: ${condition.message}`);
                }
            }
        }
        const events = await this.api.get<KubeList<KubeObject & { reason?: string; message?: string }>>(
            `/api/v1/namespaces/${namespace}/events`,
        );
        for (const event of events.items) {
            if (event.reason === "FailedScheduling" && event.message) {
                reasons.add(`event: ${event.message}`);
            }
        }
        return [...reasons];
    }

    /** Whether an object exists at `path` (a full API path). */
    async exists(path: string): Promise<boolean> {
        return (await this.api.find(path)) !== undefined;
    }

    /** Names of the objects of a namespaced collection (e.g. `api/v1` + `persistentvolumeclaims`). */
    async names(group: string, resource: string, namespace: string): Promise<string[]> {
        const list = await this.api.find<KubeList>(`/${group}/namespaces/${namespace}/${resource}`);
        return (list?.items ?? []).map((o) => o.metadata.name).sort();
    }
}

/** The API path of a namespaced object from its apiVersion, kind and name. */
export function objectPath(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
    const plural = pluralOf(kind);
    const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    return namespace === undefined ? `${base}/${plural}/${name}` : `${base}/namespaces/${namespace}/${plural}/${name}`;
}

const irregular: Record<string, string> = {
    NetworkPolicy: "networkpolicies",
    PodDisruptionBudget: "poddisruptionbudgets",
    HorizontalPodAutoscaler: "horizontalpodautoscalers",
};

const pluralOf = (kind: string): string => irregular[kind] ?? `${kind.toLowerCase()}${kind.endsWith("s") ? "es" : "s"}`;

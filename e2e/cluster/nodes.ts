import { KubeApi, KubeList, KubeObject } from "./kubeApi";

/** The annotation kwok is told to manage nodes by. */
export const kwokNodeAnnotation = { key: "kwok.x-k8s.io/node", value: "fake" };

/** A group of identical simulated nodes. */
export interface NodeGroupSpec {
    count: number;
    cpu: string;
    memory: string;
    pods: number;
}

export interface GpuNodeGroupSpec extends NodeGroupSpec {
    /** `nvidia.com/gpu` capacity per node. */
    gpus: number;
    /**
     * GPU Feature Discovery's `nvidia.com/gpu.family` of each node, round-robin: a mix of families the 0.10/1.1
     * images run on and one they do not (Ampere), so that placement by family is put to the test.
     */
    families: string[];
}

/**
 * Defaults: three untainted CPU nodes (MySQL, Redis, MinIO, the Celery tier, proxies) and four tainted GPU
 * nodes with 2 GPUs each: three of families the 0.10/1.1 GPU images run on (Turing, Volta, Pascal) and one
 * Ampere node they must never be placed on. Sized for the prod stack (Pulumi.prod.yaml): 1 write + 5 read
 * nodes of 4 CPU / 32Gi requests and 1 GPU each fit on the three allowed nodes (6 of 6 GPUs); proxies,
 * workers, Flower, monitor and MySQL/Redis fit on the CPU nodes.
 */
export const defaultCpuNodes: NodeGroupSpec = { count: 3, cpu: "16", memory: "64Gi", pods: 110 };
export const defaultGpuNodes: GpuNodeGroupSpec = {
    count: 4,
    cpu: "32",
    memory: "256Gi",
    pods: 110,
    gpus: 2,
    families: ["turing", "volta", "pascal", "ampere"],
};
/** GPU Feature Discovery's label of a GPU's architecture family. */
export const gpuFamilyLabel = "nvidia.com/gpu.family";

/** Labels and taint of the GPU nodes, as GPU node pools (and this project's `gpu.*` defaults) have them. */
export const gpuNodeLabel = { key: "nvidia.com/gpu.present", value: "true" };
export const gpuTaint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" };
/** Label saying which group a simulated node belongs to. */
export const nodeGroupLabel = "e2e.milvus-cluster/node-group";

export interface SimulatedNode {
    name: string;
    group: "cpu" | "gpu";
}

/** Zones the nodes of each group are spread over round-robin (for `scheduling.topologyKey` tests). */
export const zones = ["e2e-zone-a", "e2e-zone-b", "e2e-zone-c"];

const nodeObject = (
    name: string,
    index: number,
    group: "cpu" | "gpu",
    spec: NodeGroupSpec,
    gpus: number,
    family: string | undefined,
): KubeObject => {
    const resources: Record<string, string> = {
        cpu: spec.cpu,
        memory: spec.memory,
        pods: String(spec.pods),
        "ephemeral-storage": "1Ti",
    };
    if (gpus > 0) {
        resources["nvidia.com/gpu"] = String(gpus);
    }
    return {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
            name,
            annotations: { [kwokNodeAnnotation.key]: kwokNodeAnnotation.value, "node.alpha.kubernetes.io/ttl": "0" },
            labels: {
                "kubernetes.io/arch": "amd64",
                "kubernetes.io/os": "linux",
                "kubernetes.io/hostname": name,
                "topology.kubernetes.io/region": "e2e",
                "topology.kubernetes.io/zone": zones[index % zones.length],
                "node-role.kubernetes.io/agent": "",
                type: "kwok",
                [nodeGroupLabel]: group,
                ...(group === "gpu" ? { [gpuNodeLabel.key]: gpuNodeLabel.value } : {}),
                ...(family === undefined ? {} : { [gpuFamilyLabel]: family }),
            },
        },
        spec: group === "gpu" ? { taints: [gpuTaint] } : {},
        // Kept on create (the kubelet registers nodes the same way); kwok's node-initialize stage keeps
        // the capacity and allocatable it finds and fills in conditions, addresses and nodeInfo.
        status: { capacity: resources, allocatable: resources },
    };
};

/** Creates the CPU and GPU nodes (existing ones are left as they are). */
export async function createNodes(api: KubeApi, cpu: NodeGroupSpec, gpu: GpuNodeGroupSpec): Promise<SimulatedNode[]> {
    const nodes: (SimulatedNode & { index: number })[] = [
        ...Array.from({ length: cpu.count }, (_, i) => ({ name: `kwok-cpu-${i}`, group: "cpu" as const, index: i })),
        ...Array.from({ length: gpu.count }, (_, i) => ({ name: `kwok-gpu-${i}`, group: "gpu" as const, index: i })),
    ];
    await Promise.all(
        nodes.map((n) =>
            api.create(
                "/api/v1/nodes",
                n.group === "gpu"
                    ? nodeObject(n.name, n.index, "gpu", gpu, gpu.gpus, gpu.families[n.index % gpu.families.length])
                    : nodeObject(n.name, n.index, "cpu", cpu, 0, undefined),
            ),
        ),
    );
    return nodes.map(({ name, group }) => ({ name, group }));
}

interface NodeStatus {
    conditions?: { type: string; status: string }[];
}

/**
 * Names of the given nodes that are not yet schedulable: not Ready, or still carrying the `not-ready` /
 * `unreachable` taint that the node lifecycle controller removes a few seconds after Ready.
 */
export async function unreadyNodes(api: KubeApi, names: string[]): Promise<string[]> {
    const list = await api.get<KubeList>("/api/v1/nodes");
    const byName = new Map(list.items.map((n) => [n.metadata.name, n]));
    return names.filter((name) => {
        const node = byName.get(name);
        if (node === undefined) {
            return true;
        }
        const ready = ((node.status as NodeStatus | undefined)?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
        const taints = ((node.spec?.taints as { key: string }[] | undefined) ?? []).map((t) => t.key);
        return !ready || taints.some((k) => k === "node.kubernetes.io/not-ready" || k === "node.kubernetes.io/unreachable");
    });
}

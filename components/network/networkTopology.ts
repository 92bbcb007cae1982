import { flowerPort } from "../celery/celeryTier";
import { componentLabels } from "../kube/labels";

/** One tier of this instance's pods and the one port of theirs a rule opens. */
export interface PodPort {
    /** `app.kubernetes.io/component` label of the pods. */
    component: string;
    port: number;
}

/** The Milvus servers: their tiers, their client port, who calls it, and their metrics port. */
export interface MilvusServerPorts {
    /** Component labels of the server tiers (write-only and read-only, or the single server). */
    components: string[];
    port: number;
    /** Component labels of the pods that call the servers (the proxy and the Celery tier; none in single mode). */
    callers: string[];
    /** Open to the monitoring namespaces; unset when metrics are off. */
    metricsPort?: number;
}

/** Who talks to whom inside the namespace: what {@link NetworkIsolation} opens after denying everything. */
export interface NetworkTopology {
    /** In-cluster backing servers (MySQL, Redis, MinIO, brokers), each with the port clients use. */
    backingServers: PodPort[];
    /** The pods that use the backing servers: Milvus servers, proxy, Celery tier, the bucket job. */
    backingClients: string[];
    milvusServers: MilvusServerPorts;
    /** Client-facing entry points: the proxy (or the single server). */
    entryPoints: PodPort[];
    /** Entry points for this namespace's pods only (Flower, which has no login). */
    internalEntryPoints: PodPort[];
}

/** The tiers deployed: one server, or the cluster with or without the seed's Celery tier (and its Flower). */
export type DeployedTiers = { mode: "single" } | { mode: "cluster"; celery?: { flower: boolean } };

/** What the topology is computed from. */
export interface NetworkTopologyInput {
    tiers: DeployedTiers;
    /** The Milvus servers' client port (`milvus.port`). */
    milvusPort: number;
    /** The servers' metrics port; unset when metrics are off. */
    metricsPort?: number;
    /** The in-cluster backing servers (external ones have no pods here). */
    backingServers: PodPort[];
}

/**
 * Which of the instance's pods may reach which: every Milvus and Celery pod (and the bucket job) reaches the
 * backing servers; the proxy and the Celery tier call the servers; clients enter through the proxy (single
 * mode: the server); Flower is reachable from the namespace only.
 */
export function networkTopology(input: NetworkTopologyInput): NetworkTopology {
    const { tiers, milvusPort } = input;
    const cluster = tiers.mode === "cluster";
    const celery = tiers.mode === "cluster" ? tiers.celery : undefined;
    const servers = cluster ? [componentLabels.writeNode, componentLabels.readNodes] : [componentLabels.singleServer];
    const celeryTier = celery === undefined ? [] : [componentLabels.monitor, componentLabels.workers, componentLabels.flower];
    return {
        backingServers: input.backingServers,
        // The proxy is listed in single mode too, where no pod carries its label.
        backingClients: [...servers, componentLabels.proxy, ...celeryTier, componentLabels.makeBucket],
        milvusServers: {
            components: servers,
            port: milvusPort,
            callers: cluster ? [componentLabels.proxy, ...celeryTier] : [],
            metricsPort: input.metricsPort,
        },
        entryPoints: [{ component: cluster ? componentLabels.proxy : componentLabels.singleServer, port: milvusPort }],
        internalEntryPoints: celery?.flower ? [{ component: componentLabels.flower, port: flowerPort }] : [],
    };
}

import { DiscoveryMode, ProxyConfig } from "../config/types";

/** What the proxy's settings depend on. */
export interface MishardsSettingsInput {
    proxy: Pick<ProxyConfig, "discovery" | "discoveryPollSeconds" | "maxWorkers" | "logLevel">;
    namespace: string;
    /** Client port of the proxy and of every Milvus server. */
    port: number;
    /** Service name of the write-only node. */
    writeNodeHost: string;
    /** `SQLALCHEMY_DATABASE_URI`, password as a placeholder. */
    databaseUri: string;
    /** StatefulSet (and headless Service) name of the read-only nodes. */
    readNodesName: string;
    /** Label selector matching exactly the read-only pods. */
    readNodesLabelSelector: string;
    /** Replica count, for the static host list. */
    readNodeReplicas: number;
    /** Where Mishards writes its log files (`LOG_PATH`). */
    logPath: string;
    /** `SERVER_VERSIONS`, where the release's Mishards reads it. */
    serverVersions?: string;
}

/** In-cluster DNS names of the read-only pods, through their headless Service. */
export const readNodeHosts = (name: string, namespace: string, replicas: number): string[] =>
    Array.from({ length: replicas }, (_, i) => `${name}-${i}.${name}.${namespace}.svc.cluster.local`);

/** The pod-name pattern that matches exactly a StatefulSet's pods (`<name>-<ordinal>`). */
const readNodePodPattern = (statefulSetName: string): string => `${statefulSetName}-[0-9]+$`;

const discoverySettings = (mode: DiscoveryMode, input: MishardsSettingsInput): Record<string, string> =>
    mode === "kubernetes"
        ? {
              DISCOVERY_CLASS_NAME: "kubernetes",
              DISCOVERY_KUBERNETES_NAMESPACE: input.namespace,
              // Python's re.match anchors at the start only; `$` closes the name: exactly the StatefulSet's pods.
              DISCOVERY_KUBERNETES_POD_PATT: readNodePodPattern(input.readNodesName),
              DISCOVERY_KUBERNETES_LABEL_SELECTOR: input.readNodesLabelSelector,
              DISCOVERY_KUBERNETES_IN_CLUSTER: "true",
              DISCOVERY_KUBERNETES_POLL_INTERVAL: String(input.proxy.discoveryPollSeconds),
              DISCOVERY_KUBERNETES_PORT: String(input.port),
          }
        : {
              DISCOVERY_CLASS_NAME: "static",
              DISCOVERY_STATIC_HOSTS: readNodeHosts(input.readNodesName, input.namespace, input.readNodeReplicas).join(","),
              DISCOVERY_STATIC_PORT: String(input.port),
          };

/**
 * The settings Mishards (the sharding proxy) reads from its environment or `.env`: writes go to `WOSERVER`,
 * reads are consistent-hashed over the read-only nodes it discovers. Names as milvus-io/milvus v1.1.1
 * shards/mishards/settings.py and shards/discovery/plugins/*.py read them.
 */
export function mishardsSettings(input: MishardsSettingsInput): Record<string, string> {
    return {
        ...(input.serverVersions === undefined ? {} : { SERVER_VERSIONS: input.serverVersions }),
        SERVER_PORT: String(input.port),
        WOSERVER: `tcp://${input.writeNodeHost}:${input.port}`,
        SQLALCHEMY_DATABASE_URI: input.databaseUri,
        ...discoverySettings(input.proxy.discovery, input),
        ROUTER_CLASS_NAME: "FileBasedHashRingRouter",
        MAX_WORKERS: String(input.proxy.maxWorkers),
        LOG_LEVEL: input.proxy.logLevel,
        LOG_PATH: input.logPath,
    };
}

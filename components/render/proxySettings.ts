import { DiscoveryMode, ProxyConfig } from "../config/types";

/** What the proxy's settings depend on. */
export interface ProxySettingsInput {
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
}

/** In-cluster DNS names of the read-only pods, through their headless Service. */
export const readNodeHosts = (name: string, namespace: string, replicas: number): string[] =>
    Array.from({ length: replicas }, (_, i) => `${name}-${i}.${name}.${namespace}.svc.cluster.local`);

const discoverySettings = (mode: DiscoveryMode, input: ProxySettingsInput): Record<string, string> =>
    mode === "kubernetes"
        ? {
              DISCOVERY_CLASS_NAME: "kubernetes",
              DISCOVERY_KUBERNETES_NAMESPACE: input.namespace,
              DISCOVERY_KUBERNETES_POD_PATT: `${input.readNodesName}-.*`,
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
 * The settings Mishards (the sharding proxy) reads from its environment: writes go to `WOSERVER`, reads are
 * consistent-hashed over the read-only nodes it discovers.
 */
export function proxySettings(input: ProxySettingsInput): Record<string, string> {
    return {
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

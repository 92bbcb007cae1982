import { ConfigReader } from "./configReader";
import { defaultResources } from "./defaults";
import { readAutoscaling, readDisruptionBudget, readTier, serviceTypes } from "./tierSettings";
import { ProxyConfig, ReadNodesConfig, TierConfig } from "./types";
import { cidr } from "./validators";

/** The tiers clients' requests pass through: `writeNode`, `readNodes` and `proxy`. */

/** `writeNode`: one replica, always (Milvus has exactly one write-only node); another count is refused. */
export function readWriteNode(reader: ConfigReader, priority: string | undefined): TierConfig {
    const writeNode = readTier(reader, "writeNode", 1, defaultResources.milvusServer, priority);
    if (reader.has("writeNode.replicas") && writeNode.replicas !== 1) {
        reader.fail("writeNode.replicas", "expected 1: a Milvus cluster has exactly one write-only node");
        writeNode.replicas = 1;
    }
    return writeNode;
}

/** `readNodes`: the scalable read-only servers. */
export const readReadNodes = (reader: ConfigReader, priority: string | undefined): ReadNodesConfig => ({
    ...readTier(reader, "readNodes", 2, defaultResources.milvusServer, priority),
    disruptionBudget: readDisruptionBudget(reader, "readNodes"),
    ...(reader.has("readNodes.rollingUpdate.maxUnavailable")
        ? { maxUnavailable: reader.integer("readNodes.rollingUpdate.maxUnavailable", 1, 1) }
        : {}),
});

/** `proxy`'s replicas, resources, priority and pod annotations: {@link readClusterConfig} reads them early. */
export const readProxyTier = (reader: ConfigReader, priority: string | undefined): TierConfig =>
    readTier(reader, "proxy", 1, defaultResources.proxy, priority);

/** The rest of `proxy`: its disruption budget, autoscaler, Service and Mishards settings. */
export const readProxy = (reader: ConfigReader, proxyTier: TierConfig): ProxyConfig => ({
    ...proxyTier,
    disruptionBudget: readDisruptionBudget(reader, "proxy"),
    autoscaling: readAutoscaling(reader, "proxy", proxyTier.replicas),
    serviceType: reader.oneOf("proxy.serviceType", serviceTypes, "ClusterIP"),
    nodePort: reader.has("proxy.nodePort") ? reader.integer("proxy.nodePort", 30530, 30000, 32767) : undefined,
    serviceAnnotations: reader.stringMap("proxy.serviceAnnotations", {}),
    loadBalancerSourceRanges: reader.stringList("proxy.loadBalancerSourceRanges", [], cidr),
    discovery: reader.oneOf("proxy.discovery", ["kubernetes", "static"] as const, "kubernetes"),
    discoveryPollSeconds: reader.integer("proxy.discoveryPollSeconds", 5, 1, 3600),
    maxWorkers: reader.integer("proxy.maxWorkers", 8, 1, 1024),
    logLevel: reader.oneOf("proxy.logLevel", ["DEBUG", "INFO", "WARNING", "ERROR"] as const, "INFO"),
});

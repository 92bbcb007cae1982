// The milvus-cluster stack: read and validate stack config, build the cluster, export its endpoints.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { configNamespace, kubernetesProviderArgs, MilvusCluster, parseClusterConfig, rawConfigFromStack } from "./components";

// Throws a ConfigError listing every problem before any resource is registered.
const config = parseClusterConfig(rawConfigFromStack(pulumi.runtime.allConfig(), configNamespace));

const provider = new k8s.Provider("kubernetes", kubernetesProviderArgs(config.kubernetes));
const cluster = new MilvusCluster("milvus", config, { providers: { kubernetes: provider } });

/** In-cluster `host:port` of the proxy clients connect to (single mode: the server). */
export const proxyEndpoint = cluster.proxyEndpoint;
export const namespace = cluster.namespace;
export const mode = config.mode;
export const writeNodeEndpoint = cluster.writeNodeEndpoint;
export const flowerUrl = cluster.flowerUrl;
/** Backing services in use, by role; the broker URL with its password masked. */
export const backendEndpoints = cluster.backendEndpoints;

import { hasCeleryTier } from "../celery/celeryTier";
import { defaultRelease, milvusReleases } from "../release/milvusReleases";
import { readBackingServices, readMetastore } from "./backingServiceSettings";
import { readCelery, readMq, readWorkersTier } from "./celeryTierSettings";
import { refuseUnworkableCeleryBackends } from "./celeryBackendRules";
import { MilvusClusterSettings } from "./clusterSettings";
import {
    readKubernetesProvider,
    readMetrics,
    readNetworkPolicies,
    readProtection,
    readRollout,
    readScheduling,
    readSecurity,
} from "./clusterWideSettings";
import { checkCombinations } from "./combinationRules";
import { ConfigError } from "./configError";
import { ConfigReader, RawConfig } from "./configReader";
import { readGpu } from "./gpuSettings";
import { readImages } from "./imageSettings";
import { readMilvusTuning } from "./milvusTuning";
import { refuseKeysUnusedByRelease } from "./releaseKeys";
import { checkReleaseLimits } from "./releaseLimits";
import { readProxy, readProxyTier, readReadNodes, readWriteNode } from "./serverTierSettings";
import { readStorage, readVolumes } from "./storageSettings";
import { ClusterConfig, ClusterMode } from "./types";
import { dnsLabel, dnsSubdomain } from "./validators";

/** The stack-config namespace of this project. */
export const configNamespace = "milvus-cluster";

/** `mode`: one Milvus server, or a write-only node, read-only nodes and a proxy. */
const clusterModes: readonly ClusterMode[] = ["single", "cluster"];

/** What {@link parseClusterSettings} makes of the settings given. */
export interface ParsedSettings {
    /** Every setting, defaults filled. */
    config: ClusterConfig;
    /** The settings given, each as its reader accepted it: numeric text as a number, "true" as true, ... */
    settings: MilvusClusterSettings;
}

/**
 * Turns settings (a typed `MilvusClusterSettings`, or raw stack config) into a validated `ClusterConfig`,
 * filling every default. Throws one `ConfigError` listing every problem (wrong type, unknown enum value,
 * unknown key, impossible combination) so that a user fixes them all in one go, before anything is deployed.
 */
export function parseClusterConfig(given: MilvusClusterSettings | RawConfig): ClusterConfig {
    return parseClusterSettings(given).config;
}

/**
 * Like {@link parseClusterConfig}, and also returns the settings given in their typed form: how index.ts hands
 * the stack's config to `MilvusCluster`, which parses it again with the same function.
 */
export function parseClusterSettings(given: MilvusClusterSettings | RawConfig): ParsedSettings {
    const reader = new ConfigReader(given, configNamespace);
    const config = readClusterConfig(reader);
    if (reader.problems.length > 0) {
        throw new ConfigError(reader.problems);
    }
    // Once no problem is left, every key given is one of MilvusClusterSettings' (any other is refused as
    // unknown; tests/unit/clusterSettings.test.ts checks that the parser reads exactly the type's keys), and the
    // value accepted for it is what that key's reader returns: a string, number, boolean, list of strings or map
    // of strings, of the type the key has in MilvusClusterSettings.
    return { config, settings: reader.acceptedValues() as MilvusClusterSettings };
}

/**
 * Reads every key through `reader` into a `ClusterConfig` with defaults filled, and records on the reader every
 * problem, unknown keys included. {@link parseClusterSettings} throws them.
 *
 * Each section has its reader; they run in this order, which is the order problems are reported in. Some keys
 * are read ahead of their section because others depend on them or because that is where the report lists
 * them: `scheduling.priorityClassName` (every tier's default), the proxy's and workers' replicas and resources,
 * and `gpu.enabled` (the images depend on it).
 */
export function readClusterConfig(reader: ConfigReader): ClusterConfig {
    const release = reader.oneOf("milvus.release", milvusReleases, defaultRelease);
    const mode = reader.oneOf("mode", clusterModes, "cluster");
    const priority = reader.optionalString("scheduling.priorityClassName", dnsSubdomain);
    const writeNode = readWriteNode(reader, priority);
    const storage = readStorage(reader);
    const proxyTier = readProxyTier(reader, priority);
    const workersTier = readWorkersTier(reader, priority);
    const gpuEnabled = reader.boolean("gpu.enabled", true);
    const config: ClusterConfig = {
        release,
        namespace: reader.string("namespace", "milvus", dnsLabel),
        createNamespace: reader.boolean("createNamespace", true),
        mode,
        kubernetes: readKubernetesProvider(reader),
        rollout: readRollout(reader),
        metastore: { backend: readMetastore(reader, mode) },
        storage,
        mq: readMq(reader),
        gpu: readGpu(reader, gpuEnabled, release),
        images: readImages(reader, release, gpuEnabled),
        imagePullSecrets: reader.stringList("imagePullSecrets", [], dnsSubdomain),
        milvus: readMilvusTuning(reader, release),
        writeNode,
        readNodes: readReadNodes(reader, priority),
        proxy: readProxy(reader, proxyTier),
        celery: readCelery(reader, workersTier, priority),
        ...readBackingServices(reader, priority),
        volumes: readVolumes(reader, mode),
        metrics: readMetrics(reader),
        protection: readProtection(reader),
        scheduling: readScheduling(reader),
        networkPolicies: readNetworkPolicies(reader),
        security: readSecurity(reader),
    };

    checkCombinations(reader, config);
    if (hasCeleryTier(config)) {
        refuseUnworkableCeleryBackends(reader, config.mq, {
            enabled: config.celery.flower.enabled,
            ownImage: reader.has("images.flower"),
        });
    }
    refuseKeysUnusedByRelease(reader, release, mode);
    checkReleaseLimits(reader, config);
    reader.reportUnknownKeys();
    return config;
}

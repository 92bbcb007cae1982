import { MilvusRelease, releaseProfiles } from "../release/milvusReleases";
import { celeryOnlyServices } from "./backingServicesInUse";
import { ConfigReader } from "./configReader";
import { ClusterMode } from "./types";

/** The keys of the Celery workflow tier and of the services only it uses (Redis, the broker's servers). */
const celeryTierKeys: readonly string[] = [
    "mq",
    ...celeryOnlyServices,
    "monitor",
    "workers",
    "sidecars",
    "flower",
    "images.celeryApps",
    "images.flower",
];

/** Settings of Mishards that the seed's Thrift proxy (proxy_server) has no counterpart for. */
const mishardsKeys = ["proxy.discovery", "proxy.discoveryPollSeconds", "proxy.maxWorkers", "proxy.logLevel"] as const;

/** Server keys of the 0.3/0.4 config schema that the 0.10/1.1 schema does not have. */
const seedSchemaKeys = [
    "milvus.cacheFreePercent",
    "milvus.archiveDiskThresholdGb",
    "milvus.archiveDaysThreshold",
    "milvus.logConfigPath",
] as const;

/** Server keys of the 0.10/1.1 config schema (config version 0.5) that the 0.3/0.4 schema does not have. */
const v05SchemaKeys = [
    "milvus.gpuCacheCapacityGb",
    "milvus.gpuSearchThreshold",
    "milvus.autoFlushIntervalSeconds",
    "milvus.walBufferSizeMb",
    "images.pushgateway",
] as const;

/**
 * Refuses every key that the chosen release would ignore: the Celery tier's keys with a release that has no
 * Celery tier, and server keys of the other config schema. Such a key would do nothing, which is never what
 * the person who set it meant.
 */
export function refuseKeysUnusedByRelease(reader: ConfigReader, release: MilvusRelease, mode: ClusterMode): void {
    const profile = releaseProfiles[release];
    const refuseGiven = (keys: readonly string[], message: string): void => {
        for (const key of keys.filter((k) => reader.has(k))) {
            reader.fail(key, message);
        }
    };
    const refuse = (keys: readonly string[], why: string): void =>
        refuseGiven(keys, `not used by milvus.release "${release}": ${why}; remove it or choose another release`);
    if (!profile.celeryTier) {
        refuse(celeryTierKeys, 'only the 0.4 line has the Celery workflow tier and its Redis and broker (milvus.release "0.4")');
    } else if (mode === "single") {
        refuseGiven(celeryTierKeys, 'not used in single mode: the Celery workflow tier runs in cluster mode only (mode: "cluster")');
    }
    if (profile.proxy.kind === "celeryThrift") {
        refuse(
            mishardsKeys,
            "a Mishards setting; this line's proxy is the seed's Thrift proxy_server, which finds servers through the Celery tier",
        );
    }
    if (profile.configSchema === "v0.5") {
        refuse(seedSchemaKeys, "a key of the 0.3/0.4 server config, which Milvus 0.10 and 1.1 do not read");
    } else {
        refuse(v05SchemaKeys, "a key of the 0.10/1.1 server config (and its Pushgateway), which Milvus 0.3/0.4 do not read");
    }
}

import { releaseProfiles } from "../release/milvusReleases";
import { ConfigReader } from "./configReader";
import { quantityBytes } from "./quantities";
import { ClusterConfig } from "./types";

/**
 * Limits that depend on the release: storage it can read, ports its server accepts, and the memory its caches
 * need.
 */
export function checkReleaseLimits(reader: ConfigReader, config: ClusterConfig): void {
    const profile = releaseProfiles[config.release];
    const release = `milvus.release "${config.release}"`;
    if (config.storage.backend === "s3" && !profile.readsS3Settings) {
        reader.fail(
            "storage.backend",
            `${release} reads no S3 settings (its server has none, or has them compiled out); expected "local", ` +
                'or milvus.release "1.1" for S3',
        );
    }
    if (config.storage.backend === "s3" && profile.readsS3Settings && config.storage.s3.useSsl) {
        // v1.1.1 core/src/storage/s3/S3ClientWrapper.cpp: `cfg.scheme = Aws::Http::Scheme::HTTP`.
        reader.fail("storage.s3.useSsl", `${release} talks plain HTTP to S3 (its client hard-codes the scheme); expected false`);
    }
    if (profile.configSchema === "v0.5") {
        // network.bind.port and metric.port: 1024 < port < 65535 (v1.1.1 Config.cpp, PORT_NUMBER_MIN/MAX).
        for (const key of ["port", "metricsPort"] as const) {
            const port = config.milvus[key];
            if (port <= 1024 || port >= 65535) {
                reader.fail(`milvus.${key}`, `expected a port from 1025 to 65534: ${release} refuses others at start`);
            }
        }
    }
    if (config.metrics.enabled && config.milvus.metricsPort === config.milvus.port) {
        reader.fail("milvus.metricsPort", `expected a port other than milvus.port (${config.milvus.port})`);
    }
    // The caches live in the server's memory: above the container's limit the kernel kills it, and Milvus
    // 0.10/1.1 refuse a sum above the machine's memory (Config.cpp CheckCacheConfigCpuCacheCapacity).
    const cacheBytes = (config.milvus.cpuCacheCapacityGb + config.milvus.insertBufferSizeGb) * 2 ** 30;
    const tiers = config.mode === "cluster" ? (["writeNode", "readNodes"] as const) : (["writeNode"] as const);
    for (const tier of tiers) {
        const limit = config[tier].resources.limits.memory;
        const limitBytes = quantityBytes(limit);
        if (limitBytes !== undefined && cacheBytes >= limitBytes) {
            reader.fail(
                "milvus.cpuCacheCapacityGb",
                `expected milvus.cpuCacheCapacityGb + milvus.insertBufferSizeGb (${cacheBytes / 2 ** 30} GiB) below ` +
                    `${tier}.resources.limits.memory (${limit}): the caches live in the server's memory`,
            );
            return;
        }
    }
}

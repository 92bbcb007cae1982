import { ConfigReader } from "./configReader";
import { fixedTimeoutProblem } from "./rolloutTimeouts";
import { ClusterConfig } from "./types";

/**
 * Rules that span several keys of different sections (the release's own rules are in releaseLimits.ts,
 * releaseKeys.ts and celeryBackendRules.ts).
 */
export function checkCombinations(reader: ConfigReader, config: ClusterConfig): void {
    const clusterMode = config.mode === "cluster";
    if (clusterMode && config.storage.backend === "local" && config.volumes.data.accessMode !== "ReadWriteMany") {
        reader.fail(
            "volumes.data.accessMode",
            'expected "ReadWriteMany": with local storage in cluster mode the write-only and read-only nodes share one data volume',
        );
    }
    if (clusterMode && config.volumes.logs.accessMode !== "ReadWriteMany") {
        reader.fail(
            "volumes.logs.accessMode",
            'expected "ReadWriteMany": every Milvus server and proxy pod writes to milvus-log-disk, on whatever node it runs',
        );
    }
    if (config.proxy.nodePort !== undefined && config.proxy.serviceType !== "NodePort") {
        reader.fail("proxy.nodePort", 'only allowed when proxy.serviceType is "NodePort"');
    }
    if (config.proxy.loadBalancerSourceRanges.length > 0 && config.proxy.serviceType !== "LoadBalancer") {
        reader.fail("proxy.loadBalancerSourceRanges", 'only allowed when proxy.serviceType is "LoadBalancer"');
    }
    if (config.storage.backend !== "s3" && reader.has("storage.s3")) {
        reader.fail("storage.s3", 'only read when storage.backend is "s3"; remove it or set storage.backend to "s3"');
    }
    if (config.storage.s3.endpoint !== undefined && reader.has("minio")) {
        reader.fail("minio", "MinIO is only deployed when storage.s3.endpoint is unset; remove one of them");
    }
    if (config.minio.external !== undefined) {
        reader.fail("minio.external", "not used: point at an external S3 server with storage.s3.endpoint");
    }
    const keysGiven = ["accessKey", "secretKey", "existingSecret"].filter((k) => reader.has(`storage.s3.${k}`));
    if (config.storage.s3.endpoint === undefined && keysGiven.length > 0) {
        const complain = keysGiven[0] === "secretKey" ? reader.failSecret.bind(reader) : reader.fail.bind(reader);
        complain(`storage.s3.${keysGiven[0]}`, "only used with storage.s3.endpoint; the in-cluster MinIO gets generated keys");
    }
    if (!config.gpu.enabled && reader.has("gpu.allowedFamilies")) {
        reader.fail("gpu.allowedFamilies", "only used with gpu.enabled: true (a CPU-only cluster is placed on any node)");
    }
    if (!config.metrics.enabled && reader.has("images.pushgateway")) {
        reader.fail("images.pushgateway", "only used with metrics.enabled: true (the servers push to it)");
    }
    const timeoutProblem = fixedTimeoutProblem(config);
    // (a value already refused, e.g. not an integer, is not judged again by what it fell back to)
    if (timeoutProblem !== undefined && !reader.problems.some((p) => p.key === reader.fullKey("rolloutTimeoutSeconds"))) {
        reader.fail("rolloutTimeoutSeconds", timeoutProblem);
    }
    if (config.metrics.serviceMonitor && !config.metrics.enabled) {
        reader.fail("metrics.serviceMonitor", "needs metrics.enabled: true (the servers export no metrics otherwise)");
    }
}

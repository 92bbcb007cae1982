import { MilvusRelease, releaseProfiles, ServerConfigSchema } from "../release/milvusReleases";
import { ConfigReader } from "./configReader";
import { MilvusTuning } from "./types";

/** `milvus`: the Milvus server's own settings, with the defaults and path rules of the release. */
export function readMilvusTuning(reader: ConfigReader, release: MilvusRelease): MilvusTuning {
    const profile = releaseProfiles[release];
    return {
        port: reader.integer("milvus.port", 19530, 1, 65535),
        metricsPort: reader.integer("milvus.metricsPort", profile.metrics === "push" ? 9091 : 8080, 1, 65535),
        // Both schemas accept UTC±H with H from 0 to 23 (v1.1.1 Config.cpp CheckGeneralConfigTimezone).
        timeZone: reader.string("milvus.timeZone", "UTC+0", (v) =>
            /^UTC[+-](\d|[01]\d|2[0-3])$/.test(v) ? undefined : 'expected "UTC+N" or "UTC-N", N from 0 to 23',
        ),
        cpuCacheCapacityGb: reader.integer("milvus.cpuCacheCapacityGb", 4, 1),
        insertBufferSizeGb: reader.integer("milvus.insertBufferSizeGb", 1, 1),
        useBlasThreshold: reader.integer("milvus.useBlasThreshold", profile.useBlasThreshold, 0),
        logLevel: reader.oneOf("milvus.logLevel", ["debug", "info", "warning", "error"] as const, "info"),
        dataPath: reader.string("milvus.dataPath", profile.paths.data, serverPath(profile.configSchema)),
        logPath: reader.string("milvus.logPath", profile.paths.logs, serverPath(profile.configSchema)),
        serverConfigPath: reader.string("milvus.serverConfigPath", profile.paths.config, absolutePath),
        cacheFreePercent: reader.number("milvus.cacheFreePercent", 0.85, 0, 1),
        archiveDiskThresholdGb: reader.integer("milvus.archiveDiskThresholdGb", 0, 0),
        archiveDaysThreshold: reader.integer("milvus.archiveDaysThreshold", 0, 0),
        logConfigPath: reader.string("milvus.logConfigPath", profile.paths.logConfig ?? "", absolutePath),
        gpuCacheCapacityGb: reader.integer("milvus.gpuCacheCapacityGb", 1, 0, 1024),
        gpuSearchThreshold: reader.integer("milvus.gpuSearchThreshold", 1000, 0),
        autoFlushIntervalSeconds: reader.integer("milvus.autoFlushIntervalSeconds", 1, 0, 3600),
        walBufferSizeMb: reader.integer("milvus.walBufferSizeMb", 256, 64, 4096),
    };
}

function absolutePath(value: string): string | undefined {
    return value.startsWith("/") ? undefined : "expected an absolute path";
}

/**
 * A data or log directory the server accepts: 0.10/1.1 check `storage.path`, `wal.path` and `logs.path`
 * against `^\/(\w+-?\/?)+$` (milvus-io/milvus v1.1.1 core/src/utils/ValidationUtil.cpp ValidateStoragePath):
 * absolute, segments of letters, digits and `_` with at most one `-` in a row, no dots.
 */
const serverPath =
    (schema: ServerConfigSchema) =>
    (value: string): string | undefined => {
        if (schema === "v0.4") {
            return absolutePath(value);
        }
        // No trailing "/": the program appends `/db/wal`, and a "//" fails the same check.
        return /^\/(\w+-?\/?)+$/.test(value) && !value.endsWith("/")
            ? undefined
            : "expected an absolute path of letters, digits, '_' and single '-', no dots and no trailing '/': Milvus 0.10/1.1 refuse others";
    };

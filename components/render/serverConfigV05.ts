import { stringify } from "yaml";
import { ServerConfigInput } from "./serverConfigInput";

/**
 * Renders `server_config.yaml` in config version 0.5, the schema Milvus 0.10.x and 1.1.x validate at start
 * (milvus-io/milvus v1.1.1 and v0.10.6, core/src/config/Config.cpp). Rules this follows:
 * - the file must say `version: 0.5` (Config.cpp CheckConfigVersion);
 * - keys inside a section are read by their literal names, dots included (`bind.address`, `trace.enable`), so
 *   they are written flat, never as nested maps (core/src/config/YamlConfigMgr.cpp);
 * - sizes are byte counts with a `B`/`K`/`M`/`G` suffix, such as `4GB` (core/src/config/Utils.cpp parse_bytes);
 * - device lists are YAML sequences of `gpuN` (GetConfigSequenceStr);
 * - `logs.log_to_stdout`/`log_to_file` exist only in 1.1 (`stdoutLogging`).
 * A read-only server has no write-ahead log and ignores WAL recovery errors, as milvus-helm `milvus-1.1.6`
 * renders its read-only file (templates/_readonly_server_config.tpl).
 */
export function renderServerConfigV05(input: ServerConfigInput): string {
    const { tuning } = input;
    const reader = input.role === "read";
    const gpus = Array.from({ length: input.gpuCount }, (_, i) => `gpu${i}`);
    const document = {
        version: "0.5",
        cluster: {
            enable: input.role !== "single",
            role: reader ? "ro" : "rw",
        },
        general: {
            timezone: tuning.timeZone,
            meta_uri: input.metaUri,
        },
        network: {
            "bind.address": "0.0.0.0",
            "bind.port": tuning.port,
            // Clients and Mishards speak gRPC; the HTTP API would be one more unguarded port.
            "http.enable": false,
            "http.port": 19121,
        },
        storage: {
            path: tuning.dataPath,
            auto_flush_interval: tuning.autoFlushIntervalSeconds,
            ...(input.s3 === undefined
                ? {}
                : {
                      s3_enabled: true,
                      s3_address: input.s3.address,
                      s3_port: input.s3.port,
                      s3_access_key: input.s3.accessKey,
                      s3_secret_key: input.s3.secretKey,
                      s3_bucket: input.s3.bucket,
                  }),
        },
        wal: {
            enable: !reader,
            recovery_error_ignore: reader,
            buffer_size: `${tuning.walBufferSizeMb}MB`,
            // On the data volume, beside the tables: it must outlive the pod.
            path: `${tuning.dataPath}/db/wal`,
        },
        cache: {
            cache_size: `${tuning.cpuCacheCapacityGb}GB`,
            insert_buffer_size: `${tuning.insertBufferSizeGb}GB`,
        },
        engine_config: {
            use_blas_threshold: tuning.useBlasThreshold,
        },
        gpu: {
            enable: gpus.length > 0,
            cache_size: `${tuning.gpuCacheCapacityGb}GB`,
            gpu_search_threshold: tuning.gpuSearchThreshold,
            // The pod sees exactly the GPUs it was given, numbered from 0.
            search_devices: gpus.length > 0 ? gpus : ["gpu0"],
            build_index_devices: gpus.length > 0 ? gpus : ["gpu0"],
        },
        logs: {
            level: tuning.logLevel,
            "trace.enable": true,
            path: tuning.logPath,
            max_log_file_size: "1024MB",
            log_rotate_num: 10,
            ...(input.stdoutLogging ? { log_to_stdout: true, log_to_file: true } : {}),
        },
        metric: {
            enable: input.metrics !== undefined,
            address: input.metrics?.address ?? "127.0.0.1",
            port: input.metrics?.port ?? tuning.metricsPort,
        },
    };
    return stringify(document, { lineWidth: 0 });
}

import { stringify } from "yaml";
import { ServerConfigInput, ServerRole } from "./serverConfigInput";

/** `server_config.mode` of each role: the only values Milvus 0.3/0.4 accepts. */
const modes: Record<ServerRole, string> = { single: "single", write: "cluster", read: "read_only" };

/**
 * Renders a Milvus 0.3/0.4 `server_config.yaml` (the seed's `config.yml`). Keys follow the 0.3.1 and 0.4.0
 * schemas (milvus-io/milvus branch-0.4.0, ServerConfig.h): `gpu_index` is read by 0.3, `resource_config` and
 * `build_index_gpu` by 0.4. These servers read no S3 settings, and Prometheus scrapes their metrics port.
 */
export function renderServerConfigV04(input: ServerConfigInput): string {
    const { tuning } = input;
    const gpus = Array.from({ length: input.gpuCount }, (_, i) => `gpu${i}`);
    const document = {
        server_config: {
            address: "0.0.0.0",
            port: tuning.port,
            mode: modes[input.role],
            time_zone: tuning.timeZone,
            gpu_index: 0,
        },
        db_config: {
            db_path: tuning.dataPath,
            db_slave_path: "",
            db_backend_url: input.metaUri,
            archive_disk_threshold: tuning.archiveDiskThresholdGb,
            archive_days_threshold: tuning.archiveDaysThreshold,
            insert_buffer_size: tuning.insertBufferSizeGb,
            build_index_gpu: 0,
        },
        metric_config: {
            is_startup: input.metrics === undefined ? "off" : "on",
            collector: "prometheus",
            prometheus_config: { port: input.metrics?.port ?? tuning.metricsPort },
        },
        cache_config: {
            cpu_cache_capacity: tuning.cpuCacheCapacityGb,
            cpu_cache_free_percent: tuning.cacheFreePercent,
            insert_cache_immediately: false,
        },
        engine_config: {
            use_blas_threshold: tuning.useBlasThreshold,
        },
        resource_config: {
            mode: "simple",
            resources: gpus.length > 0 ? gpus : ["cpu"],
        },
    };
    return stringify(document, { lineWidth: 0 });
}

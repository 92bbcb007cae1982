import { stringify } from "yaml";
import { MilvusTuning } from "../config/types";

/** `server_config.mode`: the only values Milvus 0.x accepts. */
export type MilvusServerMode = "single" | "cluster" | "read_only";

/** S3 settings of the Milvus development builds of early 2020 (`storage_config.s3_*`). */
export interface MilvusS3Settings {
    address: string;
    port: number;
    bucket: string;
    /** Placeholders: the keys are filled in at pod start. */
    accessKey: string;
    secretKey: string;
}

/** What one Milvus server's `config.yml` depends on. */
export interface MilvusServerConfigInput {
    mode: MilvusServerMode;
    tuning: MilvusTuning;
    /** `db_config.db_backend_url`, credentials as placeholders. */
    dbBackendUrl: string;
    /** GPUs the server owns (0: CPU only). */
    gpuCount: number;
    metricsEnabled: boolean;
    /** Set for `storage.backend: s3`. */
    s3?: MilvusS3Settings;
}

/**
 * Renders a Milvus 0.3/0.4 `config.yml` (the server reads it as `server_config.yaml`). Keys follow the 0.3.1
 * and 0.4.0 schemas: `gpu_index` is read by 0.3, `resource_config` and `build_index_gpu` by 0.4.
 */
export function renderMilvusServerConfig(input: MilvusServerConfigInput): string {
    const { tuning } = input;
    const gpus = Array.from({ length: input.gpuCount }, (_, i) => `gpu${i}`);
    const document = {
        server_config: {
            address: "0.0.0.0",
            port: tuning.port,
            mode: input.mode,
            time_zone: tuning.timeZone,
            gpu_index: 0,
        },
        db_config: {
            db_path: tuning.dataPath,
            db_slave_path: "",
            db_backend_url: input.dbBackendUrl,
            archive_disk_threshold: tuning.archiveDiskThresholdGb,
            archive_days_threshold: tuning.archiveDaysThreshold,
            insert_buffer_size: tuning.insertBufferSizeGb,
            build_index_gpu: 0,
        },
        metric_config: {
            is_startup: input.metricsEnabled ? "on" : "off",
            collector: "prometheus",
            prometheus_config: { port: tuning.metricsPort },
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
        ...(input.s3 === undefined
            ? {}
            : {
                  storage_config: {
                      s3_enable: true,
                      s3_address: input.s3.address,
                      s3_port: input.s3.port,
                      s3_access_key: input.s3.accessKey,
                      s3_secret_key: input.s3.secretKey,
                      s3_bucket: input.s3.bucket,
                  },
              }),
    };
    return stringify(document, { lineWidth: 0 });
}

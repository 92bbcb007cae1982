import { MilvusTuning } from "../config/types";

/**
 * What a Milvus server does in the cluster: the one server of single mode, the write-only node, or one of the
 * read-only nodes. Each config schema spells it its own way (`server_config.mode` in 0.3/0.4,
 * `cluster.enable` + `cluster.role` in 0.10/1.1).
 */
export type ServerRole = "single" | "write" | "read";

/** S3 settings of a server config, credentials as placeholders filled in at pod start. */
export interface ServerS3Settings {
    address: string;
    port: number;
    bucket: string;
    accessKey: string;
    secretKey: string;
}

/** Where a server sends or serves its metrics. */
export interface ServerMetricsSettings {
    /** 0.10/1.1: the Pushgateway's IPv4 address (the server pushes); unused by 0.3/0.4 (it is scraped). */
    address: string;
    /** The Pushgateway's port (0.10/1.1) or the server's own metrics port (0.3/0.4). */
    port: number;
}

/** What one Milvus server's config file depends on, whatever its release. */
export interface ServerConfigInput {
    role: ServerRole;
    tuning: MilvusTuning;
    /** The metastore URI (`general.meta_uri` / `db_config.db_backend_url`), credentials as placeholders. */
    metaUri: string;
    /** GPUs the server owns (0: CPU only). */
    gpuCount: number;
    /** Unset: metrics off. */
    metrics?: ServerMetricsSettings;
    /** Set for `storage.backend: s3`. */
    s3?: ServerS3Settings;
    /** Also log to stdout (`logs.log_to_stdout`, a key of 1.1 only). */
    stdoutLogging: boolean;
}

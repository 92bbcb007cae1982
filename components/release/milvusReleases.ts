/**
 * Everything that differs between the Milvus releases this program deploys, in one table: the images, where
 * each image reads its config, which config schema its server validates, how it exports metrics, which
 * proxy fronts it, which GPUs its kernels run on and whether the Celery tier belongs to it. Renderers and
 * components read their release's row; nothing else branches on the release.
 *
 * Sources (read at the tags named): milvus-io/milvus v1.1.1 and v0.10.6 (docker/deploy/{cpu,gpu}/ubuntu18.04/
 * Dockerfile, core/src/config/Config.cpp, shards/mishards/settings.py), milvus-io/milvus-helm `milvus-1.1.6`
 * and `milvus-0.10.6` (charts/milvus/values.yaml and templates/), milvus-io/milvus branch-0.4.0 and
 * XuPeng-SH/celery_project (cc1fef5: the Celery apps and Thrift proxy) for the seed's own line. See README.md,
 * "Releases".
 */

import { proxyEnvFile } from "../celery/seedCeleryApps";

/** `milvus.release`: which Milvus line the cluster runs. */
export type MilvusRelease = "1.1" | "0.10" | "0.4";

export const milvusReleases: readonly MilvusRelease[] = ["1.1", "0.10", "0.4"];

/** The release a stack runs unless `milvus.release` says otherwise: the newest public one. */
export const defaultRelease: MilvusRelease = "1.1";

/** Which server config schema a release validates at start. */
export type ServerConfigSchema =
    /** Milvus 0.10/1.x: `version: 0.5`, sections cluster/general/network/storage/wal/cache/gpu/logs/metric. */
    | "v0.5"
    /** Milvus 0.3/0.4: server_config/db_config/metric_config/cache_config/engine_config, plus `log.conf`. */
    | "v0.4";

/** Where the server's files live inside its image. */
export interface ServerPaths {
    /** The config file the image's command reads (`-c`). */
    config: string;
    /** The easylogging++ file of the 0.3/0.4 line; unset where logging is a section of the config file. */
    logConfig?: string;
    /** `storage.path` / `db_config.db_path`. */
    data: string;
    /** Where the server writes log files. */
    logs: string;
}

/** How a release's servers hand their metrics to Prometheus. */
export type MetricsExport =
    /** 0.7 and later: the server pushes to a Prometheus Pushgateway (`metric.address`, `metric.port`). */
    | "push"
    /** Up to 0.6: Prometheus scrapes the server's own metrics port. */
    | "pull";

/**
 * Which proxy fronts a release's servers: Mishards (0.10/1.1, its own image), or the seed's Thrift
 * `proxy_server`, one of the Celery apps (0.4, the celery-apps image; it runs searches as Celery workflows).
 */
export type ProxyKind = "mishards" | "celeryThrift";

/** The sharding proxy of a release. */
export interface ProxyProfile {
    kind: ProxyKind;
    /** Where the image reads its `.env`: the seed's `milvus_proxy_config.yml` is mounted there. */
    envFile: string;
    /**
     * Mishards `SERVER_VERSIONS`: the server line it accepts (it drops a server whose major.minor differs,
     * shards/mishards/connections.py); unset where the proxy has no such setting.
     */
    serverVersions?: string;
}

// The Mishards image runs `python mishards/main.py` in /source (shards/Dockerfile); environs' read_env() finds
// the `.env` beside settings.py, and real environment variables win over it.
const mishardsEnvFile = "/source/mishards/.env";

/** One row of the release table. */
export interface MilvusReleaseProfile {
    /** The server version the images carry, e.g. "1.1.1" (the server pods' `app.kubernetes.io/version`). */
    serverVersion: string;
    images: {
        /** The GPU build of the server. */
        milvusGpu: string;
        /** The CPU-only build; unset where the release published none. */
        milvusCpu?: string;
        /** The sharding proxy. */
        proxy: string;
    };
    configSchema: ServerConfigSchema;
    paths: ServerPaths;
    /** Whether the server reads S3 settings (`storage.s3_*`); false: only local storage works. */
    readsS3Settings: boolean;
    /** Whether the schema has `logs.log_to_stdout` (so `kubectl logs` shows the server's log). */
    stdoutLogging: boolean;
    /** `engine_config.use_blas_threshold` unless `milvus.useBlasThreshold` is set: the release's own default. */
    useBlasThreshold: number;
    metrics: MetricsExport;
    proxy: ProxyProfile;
    /**
     * GPU families (NVIDIA GPU Feature Discovery's `nvidia.com/gpu.family`) the GPU build has kernels for;
     * empty: not known, no rule by default.
     */
    gpuFamilies: readonly string[];
    /** Whether the release's cluster design includes the Celery workflow tier (and its Redis and broker). */
    celeryTier: boolean;
}

// The 1.x/0.10 images run `/var/lib/milvus/bin/milvus_server -c /var/lib/milvus/conf/server_config.yaml`
// (docker/deploy/*/ubuntu18.04/Dockerfile at v1.1.1 and v0.10.6).
// `storage.path` is where the data volume is mounted: the server keeps its tables, metadata and write-ahead log
// in `<storage.path>/db` (core/src/server/DBWrapper.cpp) and takes its instance lock in `storage.path` itself,
// which must be writable by the server's user. The image's own `/var/lib/milvus` is root's, so the volume gets
// a folder of its own below it (milvus-helm mounts at `/var/lib/milvus/db` and runs as root only).
const varLibMilvus: ServerPaths = {
    config: "/var/lib/milvus/conf/server_config.yaml",
    data: "/var/lib/milvus/data",
    logs: "/var/lib/milvus/logs",
};

// faiss in the 0.10/1.x GPU images is compiled for sm_60, sm_61, sm_70 and sm_75 without PTX
// (core/src/index/cmake/ThirdPartyPackagesCore.cmake at v1.1.1): Pascal, Volta and Turing only.
const pascalToTuring = ["pascal", "volta", "turing"] as const;

export const releaseProfiles: Readonly<Record<MilvusRelease, MilvusReleaseProfile>> = {
    "1.1": {
        serverVersion: "1.1.1",
        images: {
            milvusGpu: "milvusdb/milvus:1.1.1-gpu-d061621-330cc6",
            milvusCpu: "milvusdb/milvus:1.1.1-cpu-d061621-330cc6",
            proxy: "milvusdb/mishards:1.1.1",
        },
        configSchema: "v0.5",
        paths: varLibMilvus,
        // Compiled in only with MILVUS_WITH_AWS (core/cmake/DefineOptions.cmake: ON at v1.1.1); whether the
        // published images carry it cannot be told from the source (README, "Storage").
        readsS3Settings: true,
        stdoutLogging: true,
        useBlasThreshold: 1100,
        metrics: "push",
        // Mishards 1.1.1 reads SERVER_VERSIONS as one string (shards/mishards/settings.py).
        proxy: { kind: "mishards", envFile: mishardsEnvFile, serverVersions: "1.1.x" },
        gpuFamilies: pascalToTuring,
        celeryTier: false,
    },
    "0.10": {
        serverVersion: "0.10.6",
        images: {
            milvusGpu: "milvusdb/milvus:0.10.6-gpu-d022221-64ddc2",
            milvusCpu: "milvusdb/milvus:0.10.6-cpu-d022221-64ddc2",
            proxy: "milvusdb/mishards:0.10.6",
        },
        configSchema: "v0.5",
        paths: varLibMilvus,
        // v0.10.6 has its S3 code commented out (core/src/config/Config.cpp): the keys are never read.
        readsS3Settings: false,
        stdoutLogging: false,
        useBlasThreshold: 1100,
        metrics: "push",
        // Mishards 0.10.6 hard-codes ['0.9.x', '0.10.x'] (shards/mishards/settings.py): nothing to set.
        proxy: { kind: "mishards", envFile: mishardsEnvFile },
        gpuFamilies: pascalToTuring,
        celeryTier: false,
    },
    "0.4": {
        serverVersion: "0.3.1",
        images: {
            // The seed's images: Zilliz's internal registry, never public (milvus-io/milvus #370, #5883).
            milvusGpu: "registry.zilliz.com/milvus/engine:0.3.1",
            // The proxy is the celery-apps image's proxy_server (XuPeng-SH/celery_project, build.sh `apps`);
            // unless images.proxy is set it follows images.celeryApps.
            proxy: "registry.zilliz.com/milvus/celery-apps:v0.2.1",
        },
        configSchema: "v0.4",
        paths: {
            config: "/opt/milvus/conf/server_config.yaml",
            logConfig: "/opt/milvus/conf/log_config.conf",
            data: "/opt/milvus/db",
            logs: "/opt/milvus/logs",
        },
        readsS3Settings: false,
        stdoutLogging: false,
        useBlasThreshold: 20,
        metrics: "pull",
        proxy: { kind: "celeryThrift", envFile: proxyEnvFile },
        gpuFamilies: [],
        celeryTier: true,
    },
};

/** The default server image of a release, GPU or CPU build; undefined when the release has no such build. */
export const defaultServerImage = (release: MilvusRelease, gpu: boolean): string | undefined =>
    gpu ? releaseProfiles[release].images.milvusGpu : releaseProfiles[release].images.milvusCpu;

/**
 * The settings of one Milvus cluster as the stack config spells them (README, "Keys"), every key optional:
 * what another program passes to `MilvusCluster`, and what `index.ts` passes after reading the stack config.
 * `parseClusterConfig` fills every default and checks every rule; the defaults below are its. Each field is
 * the stack-config key of the same path (namespace `milvus-cluster:`), so `readNodes: { replicas: 3 }` is
 * `milvus-cluster:readNodes.replicas`. tests/unit/clusterSettings.test.ts checks that the parser reads exactly
 * these keys.
 */

import { MilvusRelease } from "../release/milvusReleases";
import {
    AccessMode,
    CeleryImageDriver,
    ClusterMode,
    DiscoveryMode,
    MetastoreBackend,
    MqBackend,
    ResultBackend,
    ServiceType,
} from "./types";

/** A Kubernetes quantity ("500m", "2Gi"); a plain number (4) is taken as its text ("4"). */
export type Quantity = string | number;

/** CPU and memory of one side of a container's resources. */
export interface QuantitiesSettings {
    cpu?: Quantity;
    memory?: Quantity;
}

/** `<tier>.resources`: each of the four values defaults to the tier's own (README, "Tiers"). */
export interface ResourcesSettings {
    requests?: QuantitiesSettings;
    limits?: QuantitiesSettings;
}

/** A PersistentVolumeClaim: `<service>.storage`, `volumes.logs`, `volumes.data`. */
export interface VolumeSettings {
    /** Requested size (default: the volume's own, e.g. "10Gi" for MySQL, "50Gi" for `volumes.data`). */
    size?: Quantity;
    /** StorageClass name (default: unset, the cluster's default class). */
    storageClass?: string;
    /**
     * Access mode (default: "ReadWriteOnce" for a backing service; "ReadWriteMany" in cluster mode and
     * "ReadWriteOnce" in single mode for `volumes.*`).
     */
    accessMode?: AccessMode;
}

/** What every Milvus and Celery tier takes. */
export interface TierSettings {
    /** Pods (default: 1; `readNodes`: 2). `writeNode.replicas` must be 1. */
    replicas?: number;
    /** Container resources (default: the tier's own). */
    resources?: ResourcesSettings;
    /** PriorityClass of the tier's pods (default: `scheduling.priorityClassName`). */
    priorityClassName?: string;
    /** Annotations added to the tier's pods (default: none; the program's own keys are refused). */
    podAnnotations?: Record<string, string>;
}

/** `<tier>.disruptionBudget`. */
export interface DisruptionBudgetSettings {
    /** Pods a voluntary disruption may take at once (default: 1). */
    maxUnavailable?: number;
}

/** `<tier>.autoscaling`: a CPU HorizontalPodAutoscaler (proxy and workers). */
export interface AutoscalingSettings {
    /** The autoscaler owns the replica count; `<tier>.replicas` must then be unset (default: false). */
    enabled?: boolean;
    /** Default: `<tier>.replicas`. */
    minReplicas?: number;
    /** Default: the larger of 10 and `<tier>.replicas`. */
    maxReplicas?: number;
    /** Average CPU use, in percent of requests (default: 70). */
    targetCpuUtilizationPercent?: number;
}

/** `<service>.external`: use an existing server instead of deploying one; `host` and `port` are required. */
export interface ExternalServerSettings {
    /** DNS name or IPv4 address. */
    host?: string;
    /** TCP port. */
    port?: number;
    /** The password, URL-safe (required for MySQL, RabbitMQ, PostgreSQL and MongoDB unless `existingSecret`). */
    password?: string;
    /** Or the password from a Secret in the namespace. */
    existingSecret?: {
        /** The Secret's name (required). */
        name?: string;
        /** The key in it (default: "password"). */
        key?: string;
    };
}

/** `mysql`, `redis`, `minio`, `rabbitmq`, `postgresql`, `mongodb` (README, "Backing services"). */
export interface BackingServiceSettings {
    /** Pinned image of the in-cluster server (default: the service's, e.g. "mysql:5.7.44"). */
    image?: string;
    /** Requests and limits of the in-cluster server (default: the service's). */
    resources?: ResourcesSettings;
    /** Its data volume. */
    storage?: VolumeSettings;
    /** Keep the data on a claim; false: an emptyDir (default: true; Redis: false). */
    persistence?: boolean;
    /** An existing server instead (default: unset, deploy one; refused for MinIO). */
    external?: ExternalServerSettings;
    /** Default: `scheduling.priorityClassName`. */
    priorityClassName?: string;
}

/** A backing service with a login and a database (MySQL, RabbitMQ, PostgreSQL, MongoDB). */
export interface DatabaseServiceSettings extends BackingServiceSettings {
    /** The login Milvus and Celery use, URL-safe (default: "milvus"). */
    user?: string;
    /** The database, or RabbitMQ's vhost, URL-safe (default: "milvus"; PostgreSQL and MongoDB: "celery"). */
    database?: string;
}

/** The settings of a Milvus cluster, as the stack config spells them; every key is optional. */
export interface MilvusClusterSettings {
    /** `single`: one Milvus server; `cluster`: write-only node, read-only nodes, proxy (default: "cluster"). */
    mode?: ClusterMode;
    /** DNS label; every namespaced object goes there (default: "milvus"). */
    namespace?: string;
    /** Create the namespace; false: it must exist (default: true). */
    createNamespace?: boolean;
    /** The stack's Kubernetes provider; read by index.ts only (a program passes its own provider). */
    kubernetes?: {
        /** Path or contents (default: the ambient kubeconfig). */
        kubeconfig?: string;
        /** Default: the current context. */
        context?: string;
    };
    /** How long `pulumi up` waits for each workload's roll (README, "Rollouts"). */
    rollout?: {
        /** 30 to 7200 (default: 300). */
        baseSeconds?: number;
        /** 15 to 3600, added per roll step (default: 120). */
        perPodSeconds?: number;
    };
    /** One fixed rollout time-out for every workload, 30 to 7200 (default: unset, the formula). */
    rolloutTimeoutSeconds?: number;
    metastore?: {
        /** Default: "sqlite" in single mode, "mysql" in cluster mode (SQLite is single mode only). */
        backend?: MetastoreBackend;
    };
    storage?: {
        /** "s3" needs release 1.1 (default: "local"). */
        backend?: "local" | "s3";
        /** Only with `backend: "s3"`. */
        s3?: {
            /** DNS subdomain (default: "milvus"). */
            bucket?: string;
            /** External `host` or `host:port`, no scheme (default: unset, deploy MinIO). */
            endpoint?: string;
            /** Default: false (release 1.1 refuses true). */
            useSsl?: boolean;
            /** External endpoint only, with `secretKey` (default: unset). */
            accessKey?: string;
            /** External endpoint only, with `accessKey`; keep it a secret (default: unset). */
            secretKey?: string;
            /** Or a Secret with keys `accessKey` and `secretKey` (default: unset). */
            existingSecret?: string;
        };
    };
    /** The Celery broker and result backend (release 0.4, cluster mode). */
    mq?: {
        /** Default: "redis". */
        backend?: MqBackend;
        /** Default: "redis". */
        resultBackend?: ResultBackend;
        /** Drivers your celery-apps image has beyond the published source's (default: none). */
        imageDrivers?: CeleryImageDriver[];
    };
    gpu?: {
        /** Milvus servers ask for GPUs and run on GPU nodes (default: true). */
        enabled?: boolean;
        /** GPUs per Milvus server, 1 to 16 (default: 1). */
        perServer?: number;
        /** The extended resource requested and the taint tolerated (default: "nvidia.com/gpu"). */
        resourceName?: string;
        /** Labels of the GPU nodes; `{}`: no selector (default: `{"nvidia.com/gpu.present": "true"}`). */
        nodeSelector?: Record<string, string>;
        /** `nvidia.com/gpu.family` values the servers may run on; `[]` drops the rule (default: the release's). */
        allowedFamilies?: string[];
        /** Tolerate the `<resourceName>` NoSchedule taint (default: true). */
        tolerateTaint?: boolean;
        /** E.g. "nvidia" (default: unset). */
        runtimeClassName?: string;
        devicePlugin?: {
            /** Deploy the NVIDIA device plugin (default: true). */
            enabled?: boolean;
            /** Default: "kube-system". */
            namespace?: string;
        };
    };
    /** Pinned images (default: the release's `milvus` and `proxy`, the rest as in README "Images"). */
    images?: {
        milvus?: string;
        celeryApps?: string;
        proxy?: string;
        flower?: string;
        pushgateway?: string;
        configRenderer?: string;
        devicePlugin?: string;
        minioClient?: string;
    };
    /** Secret names set on every pod (default: none). */
    imagePullSecrets?: string[];
    /** The release and the servers' tuning; a key the release does not read is refused (README, "Milvus server tuning"). */
    milvus?: {
        /** "1.1", "0.10" or "0.4" (default: "1.1"). */
        release?: MilvusRelease;
        /** Default: 19530. */
        port?: number;
        /** Default: 9091 (0.10, 1.1), 8080 (0.4). */
        metricsPort?: number;
        /** "UTC+N" or "UTC-N" (default: "UTC+0"). */
        timeZone?: string;
        /** Default: 4. */
        cpuCacheCapacityGb?: number;
        /** Default: 1. */
        insertBufferSizeGb?: number;
        /** Default: the release's (1100 for 0.10/1.1, 20 for 0.4). */
        useBlasThreshold?: number;
        /** Default: "info". */
        logLevel?: "debug" | "info" | "warning" | "error";
        /** Default: the release's. */
        dataPath?: string;
        /** Default: the release's. */
        logPath?: string;
        /** Default: where the release's image reads it. */
        serverConfigPath?: string;
        /** 0.4 only, 0 to 1 (default: 0.85). */
        cacheFreePercent?: number;
        /** 0.4 only (default: 0, off). */
        archiveDiskThresholdGb?: number;
        /** 0.4 only (default: 0, off). */
        archiveDaysThreshold?: number;
        /** 0.4 only (default: the release's). */
        logConfigPath?: string;
        /** 0.10 and 1.1 (default: 1). */
        gpuCacheCapacityGb?: number;
        /** 0.10 and 1.1 (default: 1000). */
        gpuSearchThreshold?: number;
        /** 0.10 and 1.1 (default: 1). */
        autoFlushIntervalSeconds?: number;
        /** 0.10 and 1.1, 64 to 4096 (default: 256). */
        walBufferSizeMb?: number;
    };
    /** The write-only node (single mode: the server); `replicas` must be 1. */
    writeNode?: TierSettings;
    /** The read-only nodes (default: 2 replicas). */
    readNodes?: TierSettings & {
        disruptionBudget?: DisruptionBudgetSettings;
        rollingUpdate?: {
            /** Read-only pods a roll replaces at once; needs MaxUnavailableStatefulSet (default: unset, one). */
            maxUnavailable?: number;
        };
    };
    /** The sharding proxy clients talk to. */
    proxy?: TierSettings & {
        disruptionBudget?: DisruptionBudgetSettings;
        autoscaling?: AutoscalingSettings;
        /** Default: "ClusterIP". */
        serviceType?: ServiceType;
        /** 30000 to 32767, only with `serviceType: "NodePort"` (default: unset). */
        nodePort?: number;
        /** Default: none. */
        serviceAnnotations?: Record<string, string>;
        /** IPv4 CIDRs, only with `serviceType: "LoadBalancer"` (default: none). */
        loadBalancerSourceRanges?: string[];
        /** Mishards only (default: "kubernetes"). */
        discovery?: DiscoveryMode;
        /** Mishards only, 1 to 3600 (default: 5). */
        discoveryPollSeconds?: number;
        /** Mishards only, 1 to 1024 (default: 8). */
        maxWorkers?: number;
        /** Mishards only (default: "INFO"). */
        logLevel?: "DEBUG" | "INFO" | "WARNING" | "ERROR";
    };
    /** The Celery workflow monitor (release 0.4, cluster mode). */
    monitor?: Omit<TierSettings, "replicas"> & {
        /** Default: `python monitor_faas/app.py`. */
        command?: string[];
        /** Default: unset, a check that the broker accepts a connection. */
        probeCommand?: string[];
        /** `SERVERS_MONITOR_KEY`, starting with "monitor:" (default: "monitor:statefulservers"). */
        serversMonitorKey?: string;
    };
    /** The Celery query workers (release 0.4, cluster mode). */
    workers?: TierSettings & {
        /** Default: the source's worker entry point. */
        command?: string[];
        /** Worker processes per pod, 1 to 256 (default: 2). */
        concurrency?: number;
        /** Default: `celery inspect ping` of this worker. */
        probeCommand?: string[];
        autoscaling?: AutoscalingSettings;
    };
    /** The Celery sidecar beside each read-only server (release 0.4, cluster mode). */
    sidecars?: { resources?: ResourcesSettings };
    /** Flower (release 0.4, cluster mode). */
    flower?: Omit<TierSettings, "replicas"> & {
        /** Default: true. */
        enabled?: boolean;
        /** Default: "ClusterIP". */
        serviceType?: ServiceType;
    };
    /** MySQL: the metastore (always in cluster mode; in single mode with `metastore.backend: mysql`). */
    mysql?: DatabaseServiceSettings;
    /** The Celery tier's Redis. */
    redis?: BackingServiceSettings;
    /** The in-cluster object store (storage.backend "s3" without an endpoint); `external` is refused. */
    minio?: BackingServiceSettings;
    /** RabbitMQ, when it is the Celery broker (`mq.backend: rabbitmq`; release 0.4, cluster mode). */
    rabbitmq?: DatabaseServiceSettings;
    /** PostgreSQL, when it is the Celery result backend (`mq.resultBackend: postgresql`; release 0.4). */
    postgresql?: DatabaseServiceSettings;
    /** MongoDB, when it is the Celery broker or result backend (`mq.*: mongodb`; release 0.4, cluster mode). */
    mongodb?: DatabaseServiceSettings;
    volumes?: {
        /** `milvus-log-disk` (default size: "10Gi"). */
        logs?: VolumeSettings;
        /** `milvus-data-disk`, local storage only (default size: "50Gi"). */
        data?: VolumeSettings;
    };
    metrics?: {
        /** Default: true. */
        enabled?: boolean;
        /** A prometheus-operator ServiceMonitor; needs `enabled` (default: false). */
        serviceMonitor?: boolean;
        /** Default: none. */
        serviceMonitorLabels?: Record<string, string>;
        /** Default: "30s". */
        scrapeInterval?: string;
    };
    /** README, "Protecting data". */
    protection?: {
        /** Pulumi `protect` on the stateful resources (default: false). */
        protect?: boolean;
        /** Claims and their namespace outlive `pulumi destroy` (default: false). */
        retainOnDelete?: boolean;
        /** Let one update replace or delete stored data (default: false). */
        allowReplacement?: boolean;
    };
    scheduling?: {
        /** "preferred" or "required" (default: "preferred"). */
        spread?: "preferred" | "required";
        /** Default: "kubernetes.io/hostname". */
        topologyKey?: string;
        /** Every pod's PriorityClass (default: unset, the cluster default). */
        priorityClassName?: string;
    };
    networkPolicies?: {
        /** Default: false. */
        enabled?: boolean;
        /** Namespaces whose pods may reach the proxy; `{}`: all (default: unset, none). */
        clientNamespaceSelector?: Record<string, string>;
        /** IPv4 CIDRs that may reach the proxy (default: none). */
        clientCidrs?: string[];
        /** Namespaces whose pods may scrape metrics (default: `{}`, all). */
        monitoringNamespaceSelector?: Record<string, string>;
    };
    security?: {
        /** Non-root UID for the Milvus, proxy and celery-apps images (default: unset, the image's user). */
        appRunAsUser?: number;
    };
}

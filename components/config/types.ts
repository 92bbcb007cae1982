/**
 * The typed, validated configuration of one Milvus cluster.
 *
 * `parseClusterConfig` builds it from stack config (filling every default); `MilvusCluster` takes it as its
 * args. Every field is documented with the stack-config key it comes from (namespace `milvus-cluster:`).
 */

import type { CeleryImageDriver, MqBackend, ResultBackend } from "../celery/celeryBackends";
import { MilvusRelease } from "../release/milvusReleases";

/** `mode`: one Milvus server in `single` mode, or the write-only/read-only/proxy/Celery tiers. */
export type ClusterMode = "single" | "cluster";
/** `metastore.backend`. SQLite is single mode only; etcd is refused (not supported by Milvus 0.x). */
export type MetastoreBackend = "sqlite" | "mysql";
/** `storage.backend`: the servers' local filesystem (a shared volume in cluster mode) or an S3 bucket. */
export type StorageBackend = "local" | "s3";
/** `mq.backend`, `mq.resultBackend`, `mq.imageDrivers`: derived from the kinds' table in celery/celeryBackends.ts. */
export type { CeleryImageDriver, MqBackend, ResultBackend };
/** Kubernetes Service types a user-facing Service may take. */
export type ServiceType = "ClusterIP" | "LoadBalancer" | "NodePort";
/** `proxy.discovery`: how the proxy finds the read-only nodes. */
export type DiscoveryMode = "kubernetes" | "static";
/** PersistentVolumeClaim access modes this program asks for. */
export type AccessMode = "ReadWriteOnce" | "ReadWriteMany" | "ReadWriteOncePod";

/** CPU and memory as Kubernetes quantities ("500m", "2Gi"). */
export interface ComputeQuantities {
    cpu: string;
    memory: string;
}

/** Requests and limits of one container; both are always set. */
export interface ContainerResources {
    requests: ComputeQuantities;
    limits: ComputeQuantities;
}

/** A PersistentVolumeClaim's size, class and access mode. */
export interface VolumeConfig {
    /** Requested size, a Kubernetes quantity such as "20Gi". */
    size: string;
    /** StorageClass name; unset uses the cluster's default class. */
    storageClass?: string;
    /** Access mode of the claim. */
    accessMode: AccessMode;
}

/** A key of an existing Kubernetes Secret in the cluster's namespace. */
export interface SecretKeyReference {
    /** Secret name. */
    name: string;
    /** Key inside the Secret. */
    key: string;
}

/**
 * An existing server outside this program (`<service>.external`). The program then creates a Service of the
 * seed's name that points at it (ExternalName for a host name, an EndpointSlice for an IPv4 address), so every
 * config file keeps naming `milvus-mysql`, `milvus-redis`, ...
 */
export interface ExternalServer {
    /** DNS name or IPv4 address. */
    host: string;
    /** TCP port. */
    port: number;
    /** Password from a Pulumi secret (`pulumi config set --secret --path <service>.external.password`). */
    password?: string;
    /** Or: the password from an existing Kubernetes Secret in the namespace. */
    existingSecret?: SecretKeyReference;
}

/** Settings shared by every backing service (MySQL, Redis, MinIO, RabbitMQ, PostgreSQL, MongoDB). */
export interface BackingServiceConfig {
    /** `<service>.image`: pinned image of the in-cluster server. */
    image: string;
    /** `<service>.resources`: requests/limits of the in-cluster server. */
    resources: ContainerResources;
    /** `<service>.storage`: its data volume. */
    storage: VolumeConfig;
    /** `<service>.persistence`: keep data on a PersistentVolumeClaim (false: an emptyDir). */
    persistence: boolean;
    /** `<service>.external`: use an existing server instead of deploying one. */
    external?: ExternalServer;
    /** `<service>.priorityClassName`, else `scheduling.priorityClassName`. */
    priorityClassName?: string;
}

/** A backing service that has a login (`user`) and a database (`database`). */
export interface DatabaseServiceConfig extends BackingServiceConfig {
    /** `<service>.user`: the login Milvus/Celery use. */
    user: string;
    /** `<service>.database`: the database (MySQL, PostgreSQL, MongoDB) or vhost (RabbitMQ). */
    database: string;
}

/** `storage.s3`: the S3-compatible object store. Without `endpoint`, an in-cluster MinIO is deployed. */
export interface S3Config {
    /** `storage.s3.bucket`: bucket name (created in MinIO; must already exist on an external endpoint). */
    bucket: string;
    /** `storage.s3.endpoint`: external `host` or `host:port`; unset deploys MinIO. */
    endpoint?: string;
    /** `storage.s3.useSsl`: talk TLS to the endpoint. */
    useSsl: boolean;
    /** `storage.s3.accessKey`: access key id for an external endpoint. */
    accessKey?: string;
    /** `storage.s3.secretKey`: secret key (a Pulumi secret) for an external endpoint. */
    secretKey?: string;
    /** `storage.s3.existingSecret`: or a Secret holding keys `accessKey` and `secretKey`. */
    existingSecret?: string;
}

/** `gpu`: GPU scheduling of the Milvus servers and the NVIDIA device plugin. */
export interface GpuConfig {
    /** `gpu.enabled`: Milvus servers ask for GPUs and run on GPU nodes. */
    enabled: boolean;
    /** `gpu.perServer`: GPUs each Milvus server asks for. */
    perServer: number;
    /** `gpu.resourceName`: the extended resource the device plugin advertises. */
    resourceName: string;
    /** `gpu.nodeSelector`: labels of the GPU nodes. */
    nodeSelector: Record<string, string>;
    /**
     * `gpu.allowedFamilies`: GPU Feature Discovery's `nvidia.com/gpu.family` values the servers may be placed on
     * (default: the families the release's GPU image has kernels for; an empty list drops the rule).
     */
    allowedFamilies: string[];
    /** `gpu.tolerateTaint`: tolerate the `<resourceName>` NoSchedule taint GPU node pools carry. */
    tolerateTaint: boolean;
    /** `gpu.runtimeClassName`: e.g. "nvidia" where the NVIDIA runtime is not the node default. */
    runtimeClassName?: string;
    /** `gpu.devicePlugin`: the NVIDIA device plugin DaemonSet. */
    devicePlugin: DevicePluginConfig;
}

/** `gpu.devicePlugin`. */
export interface DevicePluginConfig {
    /** `gpu.devicePlugin.enabled`: deploy it (turn off when the NVIDIA GPU operator already runs). */
    enabled: boolean;
    /** `gpu.devicePlugin.namespace`: where the DaemonSet runs. */
    namespace: string;
}

/**
 * `images`: every image, pinned to a tag; override for private mirrors. `milvus` and `proxy` default to the
 * release's (`milvus.release`, the GPU or CPU build by `gpu.enabled`); `celeryApps` and `flower` are used by the
 * 0.4 line only, `pushgateway` by the lines that push metrics (0.10, 1.1).
 */
export interface ImageSet {
    milvus: string;
    celeryApps: string;
    proxy: string;
    flower: string;
    pushgateway: string;
    configRenderer: string;
    devicePlugin: string;
    minioClient: string;
}

/**
 * `milvus`: server tuning shared by the write-only and read-only nodes. Each key says which releases read it;
 * setting a key the chosen release does not read is refused (it would do nothing).
 */
export interface MilvusTuning {
    /** `milvus.port`: client port of every server and of the proxy. */
    port: number;
    /**
     * `milvus.metricsPort`: the port Prometheus scrapes: the Pushgateway sidecar the servers push to (0.10/1.1,
     * `metric.port`), or the server's own metrics port (0.4, `metric_config.prometheus_config.port`).
     */
    metricsPort: number;
    /** `milvus.timeZone`: `general.timezone` / `server_config.time_zone`. */
    timeZone: string;
    /** `milvus.cpuCacheCapacityGb`: `cache.cache_size` / `cache_config.cpu_cache_capacity`. */
    cpuCacheCapacityGb: number;
    /** `milvus.insertBufferSizeGb`: `cache.insert_buffer_size` / `db_config.insert_buffer_size` (>= 1). */
    insertBufferSizeGb: number;
    /** `milvus.useBlasThreshold`: `engine_config.use_blas_threshold` (default: the release's own). */
    useBlasThreshold: number;
    /** `milvus.logLevel`: lowest level logged (`debug`, `info`, `warning`, `error`). */
    logLevel: "debug" | "info" | "warning" | "error";
    /** `milvus.dataPath`: `storage.path` / `db_config.db_path` inside the container (default: the release's). */
    dataPath: string;
    /** `milvus.logPath`: where the servers write logs (the `milvus-log-disk` volume). */
    logPath: string;
    /** `milvus.serverConfigPath`: where the image reads its config file (default: where the release's image does). */
    serverConfigPath: string;
    /** `milvus.cacheFreePercent` (0.4 only): `cache_config.cpu_cache_free_percent`. */
    cacheFreePercent: number;
    /** `milvus.archiveDiskThresholdGb` (0.4 only): `db_config.archive_disk_threshold` (0: off). */
    archiveDiskThresholdGb: number;
    /** `milvus.archiveDaysThreshold` (0.4 only): `db_config.archive_days_threshold` (0: off). */
    archiveDaysThreshold: number;
    /** `milvus.logConfigPath` (0.4 only): where the image reads `log.conf`. */
    logConfigPath: string;
    /** `milvus.gpuCacheCapacityGb` (0.10/1.1): `gpu.cache_size`. */
    gpuCacheCapacityGb: number;
    /** `milvus.gpuSearchThreshold` (0.10/1.1): `gpu.gpu_search_threshold` (queries of at least this nq use GPUs). */
    gpuSearchThreshold: number;
    /** `milvus.autoFlushIntervalSeconds` (0.10/1.1): `storage.auto_flush_interval`. */
    autoFlushIntervalSeconds: number;
    /** `milvus.walBufferSizeMb` (0.10/1.1): `wal.buffer_size` of the write-only node, 64 to 4096. */
    walBufferSizeMb: number;
}

/** A tier: replicas, container resources and scheduling priority. */
export interface TierConfig {
    replicas: number;
    resources: ContainerResources;
    /** `<tier>.podAnnotations`: added to the pod template (the program's own annotations are refused here). */
    podAnnotations: Record<string, string>;
    /** `<tier>.priorityClassName`, else `scheduling.priorityClassName`; unset: the cluster default. */
    priorityClassName?: string;
}

/** `<tier>.disruptionBudget`: the PodDisruptionBudget of a replicated tier. */
export interface DisruptionBudgetConfig {
    /** `<tier>.disruptionBudget.maxUnavailable`: pods a voluntary disruption (drain) may take at once. */
    maxUnavailable: number;
}

/** `<tier>.autoscaling`: an optional HorizontalPodAutoscaler (proxy and workers: the stateless tiers). */
export interface AutoscalingConfig {
    /** `<tier>.autoscaling.enabled`: the HPA owns the replica count (`<tier>.replicas` is then ignored). */
    enabled: boolean;
    /** `<tier>.autoscaling.minReplicas`. */
    minReplicas: number;
    /** `<tier>.autoscaling.maxReplicas`. */
    maxReplicas: number;
    /** `<tier>.autoscaling.targetCpuUtilizationPercent`: average CPU use, in percent of requests. */
    targetCpuUtilizationPercent: number;
}

/** `readNodes`: the scalable read-only servers. */
export interface ReadNodesConfig extends TierConfig {
    disruptionBudget: DisruptionBudgetConfig;
    /**
     * `readNodes.rollingUpdate.maxUnavailable`: read-only pods a roll replaces at once. Unset: the field is not
     * set, and Kubernetes rolls one at a time. Needs the MaxUnavailableStatefulSet feature gate.
     */
    maxUnavailable?: number;
}

/** `proxy`: Mishards, the sharding proxy clients talk to. */
export interface ProxyConfig extends TierConfig {
    disruptionBudget: DisruptionBudgetConfig;
    autoscaling: AutoscalingConfig;
    /** `proxy.serviceType`: type of the `milvus-proxy-servers` Service. */
    serviceType: ServiceType;
    /** `proxy.nodePort`: fixed node port when `serviceType` is NodePort. */
    nodePort?: number;
    /** `proxy.serviceAnnotations`: e.g. cloud load-balancer settings. */
    serviceAnnotations: Record<string, string>;
    /** `proxy.loadBalancerSourceRanges`: CIDRs allowed to reach a LoadBalancer. */
    loadBalancerSourceRanges: string[];
    /** `proxy.discovery`: find read-only nodes through the Kubernetes API or a static host list. */
    discovery: DiscoveryMode;
    /** `proxy.discoveryPollSeconds`: how often Kubernetes discovery re-lists pods. */
    discoveryPollSeconds: number;
    /** `proxy.maxWorkers`: Mishards `MAX_WORKERS`. */
    maxWorkers: number;
    /** `proxy.logLevel`: Mishards `LOG_LEVEL`. */
    logLevel: "DEBUG" | "INFO" | "WARNING" | "ERROR";
}

/** `workers`: the scalable calculation nodes. */
export interface CeleryWorkersConfig extends TierConfig {
    /** `workers.command`: the query workers' command in the celery-apps image (default: the source's entry point). */
    command: string[];
    /** `workers.concurrency`: worker processes per pod. */
    concurrency: number;
    /** `workers.probeCommand`: exec probe telling whether this worker answers (default: `celery inspect ping`). */
    probeCommand: string[];
    autoscaling: AutoscalingConfig;
}

/** The Celery workflow tier, from the top-level keys `monitor`, `workers` and `flower`. */
export interface CeleryConfig {
    /** `monitor`: the single workflow monitor. */
    monitor: {
        /** `monitor.resources`. */
        resources: ContainerResources;
        /** `monitor.command`: the monitor's command in the celery-apps image (default: `python monitor_faas/app.py`). */
        command: string[];
        /** `monitor.probeCommand`: exec probe of the monitor; unset: can it open a connection to the broker. */
        probeCommand?: string[];
        /** `monitor.priorityClassName`, else `scheduling.priorityClassName`. */
        priorityClassName?: string;
        /** `monitor.podAnnotations`. */
        podAnnotations: Record<string, string>;
    };
    workers: CeleryWorkersConfig;
    /** `sidecars`: the Celery sidecar beside each read-only server. */
    sidecar: {
        /** `sidecars.resources`: requests/limits of each sidecar container. */
        resources: ContainerResources;
    };
    /** `flower`: Flower, the task-monitoring UI. */
    flower: {
        /** `flower.enabled`. */
        enabled: boolean;
        /** `flower.serviceType`: type of the `milvus-flower` Service. */
        serviceType: ServiceType;
        /** `flower.resources`. */
        resources: ContainerResources;
        /** `flower.priorityClassName`, else `scheduling.priorityClassName`. */
        priorityClassName?: string;
        /** `flower.podAnnotations`. */
        podAnnotations: Record<string, string>;
    };
    /**
     * `monitor.serversMonitorKey`: `SERVERS_MONITOR_KEY`, the Redis set of live read-only servers that the
     * monitor and the sidecars write and the query workers read; it must start with `monitor:`.
     */
    serversMonitorKey: string;
}

/** `metrics`: Prometheus scraping of the Milvus servers. */
export interface MetricsConfig {
    /** `metrics.enabled`: `metric_config.is_startup` and the scrape annotations. */
    enabled: boolean;
    /** `metrics.serviceMonitor`: also declare a prometheus-operator ServiceMonitor (needs its CRD). */
    serviceMonitor: boolean;
    /** `metrics.serviceMonitorLabels`: labels your Prometheus selects ServiceMonitors by. */
    serviceMonitorLabels: Record<string, string>;
    /** `metrics.scrapeInterval`: e.g. "30s". */
    scrapeInterval: string;
}

/**
 * `protection`: what keeps data alive through routine changes and `pulumi destroy`. The stateful resources
 * are the backing servers' StatefulSets and their claims, their credentials (Secrets and generated
 * passwords), the shared `milvus-log-disk`/`milvus-data-disk` claims and the namespace.
 */
export interface ProtectionConfig {
    /** `protection.protect`: Pulumi `protect` on the stateful resources (deleting or replacing one fails). */
    protect: boolean;
    /**
     * `protection.retainOnDelete`: PVCs outlive `pulumi destroy` and the removal of their StatefulSet
     * (`retainOnDelete` on the shared claims and the namespace that holds them, `whenDeleted: Retain` on the
     * StatefulSets' claims). Off: destroy removes them (easy tear-down).
     */
    retainOnDelete: boolean;
    /**
     * `protection.allowReplacement`: let one update go ahead that replaces or deletes stateful resources
     * (a storage class or volume-size change of a StatefulSet, a backend switch, a namespace change). Set it
     * for that update only.
     */
    allowReplacement: boolean;
}

/** The part of `protection` that each stateful resource is declared with. */
export type DataProtection = Pick<ProtectionConfig, "protect" | "retainOnDelete">;

/** `scheduling`: where pods go. */
export interface SchedulingConfig {
    /**
     * `scheduling.spread`: how read-only nodes and proxies spread over `scheduling.topologyKey` (at most one
     * more pod in any domain than in another) — `preferred` (ScheduleAnyway) or `required` (DoNotSchedule: a
     * pod stays Pending rather than break the balance).
     */
    spread: "preferred" | "required";
    /** `scheduling.topologyKey`: the node label spread over (`kubernetes.io/hostname`, or a zone label). */
    topologyKey: string;
}

/** `networkPolicies`: who may talk to whom inside the namespace. */
export interface NetworkPolicyConfig {
    /** `networkPolicies.enabled`: deny ingress by default and allow only the tiers' own traffic. */
    enabled: boolean;
    /**
     * `networkPolicies.clientNamespaceSelector`: labels of the namespaces whose pods may reach the proxy (an
     * empty map: every namespace; unset: none). Pods of the cluster's own namespace always may.
     */
    clientNamespaceSelector?: Record<string, string>;
    /** `networkPolicies.clientCidrs`: IPv4 CIDRs that may reach the proxy (LoadBalancer, NodePort). */
    clientCidrs: string[];
    /** `networkPolicies.monitoringNamespaceSelector`: namespaces whose pods may scrape metrics (empty: all). */
    monitoringNamespaceSelector: Record<string, string>;
}

/** `security`: pod and container security settings that depend on the images. */
export interface SecurityConfig {
    /**
     * `security.appRunAsUser`: a non-root UID for the Milvus server, proxy and celery-apps images, which run as
     * root by default (unset: the image's user, with every capability dropped and no privilege escalation).
     */
    appRunAsUser?: number;
}

/** `rollout` and `rolloutTimeoutSeconds`: how long `pulumi up` waits for a workload to run its new revision. */
export interface RolloutConfig {
    /** `rollout.baseSeconds`: the part of every workload's time-out that does not grow with its pods. */
    baseSeconds: number;
    /** `rollout.perPodSeconds`: the budget of one roll step (one pod, or `maxUnavailable` pods at once). */
    perPodSeconds: number;
    /** `rolloutTimeoutSeconds`: one fixed time-out for every workload instead; unset: the formula. */
    fixedSeconds?: number;
}

/** The settings of the Kubernetes provider the stack builds (read by index.ts, not by the components). */
export interface KubernetesProviderConfig {
    /** `kubernetes.kubeconfig`: path or contents; unset uses the ambient kubeconfig. */
    kubeconfig?: string;
    /** `kubernetes.context`: kubeconfig context; unset uses the current one. */
    context?: string;
}

/** Everything `MilvusCluster` needs, validated and with defaults filled. */
export interface ClusterConfig {
    /** `milvus.release`: the Milvus line deployed; it picks images, config schema, proxy and tiers. */
    release: MilvusRelease;
    /** `namespace`: DNS-1123 label; every namespaced object goes there. */
    namespace: string;
    /** `createNamespace`: create the namespace (false: it must exist). */
    createNamespace: boolean;
    mode: ClusterMode;
    kubernetes: KubernetesProviderConfig;
    /** How long `pulumi up` waits for each workload's roll (see components/config/rolloutTimeouts.ts). */
    rollout: RolloutConfig;
    metastore: { backend: MetastoreBackend };
    storage: { backend: StorageBackend; s3: S3Config };
    /**
     * `mq`: the Celery broker and result backend (0.4 only), and `mq.imageDrivers`: drivers your celery-apps
     * image has beyond the published source's (the published one has neither psycopg2 nor pymongo).
     */
    mq: { backend: MqBackend; resultBackend: ResultBackend; imageDrivers: CeleryImageDriver[] };
    gpu: GpuConfig;
    images: ImageSet;
    /** `imagePullSecrets`: Secret names for private registries, on every pod. */
    imagePullSecrets: string[];
    milvus: MilvusTuning;
    /** `writeNode.replicas` is always 1 (Milvus has one write-only node). */
    writeNode: TierConfig;
    readNodes: ReadNodesConfig;
    proxy: ProxyConfig;
    celery: CeleryConfig;
    mysql: DatabaseServiceConfig;
    redis: BackingServiceConfig;
    minio: BackingServiceConfig;
    rabbitmq: DatabaseServiceConfig;
    postgresql: DatabaseServiceConfig;
    mongodb: DatabaseServiceConfig;
    volumes: {
        /** `volumes.logs`: the `milvus-log-disk` claim every Milvus server and the proxy write logs to. */
        logs: VolumeConfig;
        /** `volumes.data`: the `milvus-data-disk` claim holding Milvus data with local storage. */
        data: VolumeConfig;
    };
    metrics: MetricsConfig;
    protection: ProtectionConfig;
    scheduling: SchedulingConfig;
    networkPolicies: NetworkPolicyConfig;
    security: SecurityConfig;
}

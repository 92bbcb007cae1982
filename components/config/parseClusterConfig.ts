import { MilvusClusterSettings } from "./clusterSettings";
import { ConfigError } from "./configError";
import { ConfigReader, RawConfig } from "./configReader";
import { defaultImages, defaultResources, defaultServiceImages } from "./defaults";
import {
    AccessMode,
    AutoscalingConfig,
    CeleryImageDriver,
    DisruptionBudgetConfig,
    BackingServiceConfig,
    ClusterConfig,
    ClusterMode,
    ContainerResources,
    DatabaseServiceConfig,
    ExternalServer,
    ImageSet,
    MetastoreBackend,
    ServiceType,
    TierConfig,
    VolumeConfig,
} from "./types";
import {
    defaultRelease,
    defaultServerImage,
    milvusReleases,
    MilvusRelease,
    releaseProfiles,
    ServerConfigSchema,
} from "../release/milvusReleases";
import { quantityBytes } from "./quantities";
import { refuseKeysUnusedByRelease } from "./releaseKeys";
import { celeryImageDrivers, mqBackends, resultBackends } from "../celery/celeryBackends";
import { refuseUnworkableCeleryBackends } from "./celeryBackendRules";
import {
    defaultServersMonitorKey,
    monitorCommand,
    monitorKeyAsserts,
    monitorKeyPrefix,
    queryWorkerApp,
    queryWorkerCommand,
    workerPingCommand,
} from "../celery/seedCeleryApps";
import {
    cidr,
    dnsLabel,
    dnsSubdomain,
    durationString,
    hostAndPort,
    hostName,
    kubernetesQuantity,
    labelKey,
    labelSelectorProblem,
    pinnedImage,
    urlSafeCredential,
} from "./validators";
import { readPodAnnotations } from "./podAnnotations";
import { fixedTimeoutProblem } from "./rolloutTimeouts";

/** The stack-config namespace of this project. */
export const configNamespace = "milvus-cluster";

export const clusterModes: readonly ClusterMode[] = ["single", "cluster"];
const serviceTypes: readonly ServiceType[] = ["ClusterIP", "LoadBalancer", "NodePort"];
const accessModes: readonly AccessMode[] = ["ReadWriteOnce", "ReadWriteMany", "ReadWriteOncePod"];

const readResources = (reader: ConfigReader, path: string, fallback: ContainerResources): ContainerResources => ({
    requests: {
        cpu: reader.quantity(`${path}.requests.cpu`, fallback.requests.cpu, kubernetesQuantity),
        memory: reader.quantity(`${path}.requests.memory`, fallback.requests.memory, kubernetesQuantity),
    },
    limits: {
        cpu: reader.quantity(`${path}.limits.cpu`, fallback.limits.cpu, kubernetesQuantity),
        memory: reader.quantity(`${path}.limits.memory`, fallback.limits.memory, kubernetesQuantity),
    },
});

const readVolume = (reader: ConfigReader, path: string, fallback: VolumeConfig): VolumeConfig => ({
    size: reader.quantity(`${path}.size`, fallback.size, kubernetesQuantity),
    storageClass: reader.optionalString(`${path}.storageClass`, dnsSubdomain),
    accessMode: reader.oneOf(`${path}.accessMode`, accessModes, fallback.accessMode),
});

const readTier = (
    reader: ConfigReader,
    path: string,
    replicas: number,
    res: ContainerResources,
    defaultPriority: string | undefined,
): TierConfig => ({
    replicas: reader.integer(`${path}.replicas`, replicas, 1),
    resources: readResources(reader, `${path}.resources`, res),
    priorityClassName: readPriority(reader, path, defaultPriority),
    podAnnotations: readPodAnnotations(reader, path),
});

const readPriority = (reader: ConfigReader, path: string, fallback: string | undefined): string | undefined =>
    reader.optionalString(`${path}.priorityClassName`, dnsSubdomain) ?? fallback;

const readDisruptionBudget = (reader: ConfigReader, path: string): DisruptionBudgetConfig => ({
    maxUnavailable: reader.integer(`${path}.disruptionBudget.maxUnavailable`, 1, 1),
});

const readAutoscaling = (reader: ConfigReader, path: string, replicas: number): AutoscalingConfig => {
    const key = `${path}.autoscaling`;
    const autoscaling = {
        enabled: reader.boolean(`${key}.enabled`, false),
        minReplicas: reader.integer(`${key}.minReplicas`, replicas, 1),
        maxReplicas: reader.integer(`${key}.maxReplicas`, Math.max(10, replicas), 1),
        targetCpuUtilizationPercent: reader.integer(`${key}.targetCpuUtilizationPercent`, 70, 1, 100),
    };
    if (autoscaling.maxReplicas < autoscaling.minReplicas) {
        reader.fail(`${key}.maxReplicas`, `expected an integer >= ${key}.minReplicas (${autoscaling.minReplicas})`);
    }
    if (autoscaling.enabled && reader.has(`${path}.replicas`)) {
        reader.fail(
            `${path}.replicas`,
            `not used while ${key}.enabled is true (the autoscaler owns the replica count); set ${key}.minReplicas instead`,
        );
    }
    return autoscaling;
};

const readExternal = (reader: ConfigReader, path: string, passwordRequired: boolean): ExternalServer | undefined => {
    if (!reader.has(path)) {
        return undefined;
    }
    const host = reader.optionalString(`${path}.host`, hostName);
    if (host === undefined && !reader.problems.some((p) => p.key === reader.fullKey(`${path}.host`))) {
        reader.fail(`${path}.host`, "expected the external server's DNS name or IPv4 address");
    }
    const port = reader.integer(`${path}.port`, 0, 1, 65535);
    if (port === 0 && !reader.has(`${path}.port`)) {
        reader.fail(`${path}.port`, "expected the external server's port, an integer from 1 to 65535");
    }
    const password = reader.optionalString(`${path}.password`);
    if (password !== undefined && urlSafeCredential(password) !== undefined) {
        reader.failSecret(`${path}.password`, urlSafeCredential(password) ?? "");
    }
    const hasSecret = reader.has(`${path}.existingSecret`);
    const existingSecret = hasSecret
        ? {
              name: requiredString(reader, `${path}.existingSecret.name`, "expected the name of a Secret in the namespace"),
              key: reader.string(`${path}.existingSecret.key`, "password"),
          }
        : undefined;
    if (password !== undefined && existingSecret !== undefined) {
        reader.failSecret(`${path}.password`, `set either ${path}.password or ${path}.existingSecret, not both`);
    }
    if (passwordRequired && password === undefined && existingSecret === undefined) {
        reader.fail(
            `${path}.password`,
            `expected a password (pulumi config set --secret --path ${path}.password ...) or ${path}.existingSecret`,
        );
    }
    return { host: host ?? "", port, password, existingSecret };
};

interface ServiceDefaults {
    /** `scheduling.priorityClassName`. */
    priority: string | undefined;
    image: string;
    resources: ContainerResources;
    size: string;
    persistence: boolean;
    passwordRequired: boolean;
}

const readBackingService = (reader: ConfigReader, path: string, d: ServiceDefaults): BackingServiceConfig => ({
    image: reader.string(`${path}.image`, d.image, pinnedImage),
    resources: readResources(reader, `${path}.resources`, d.resources),
    storage: readVolume(reader, `${path}.storage`, { size: d.size, accessMode: "ReadWriteOnce" }),
    persistence: reader.boolean(`${path}.persistence`, d.persistence),
    external: readExternal(reader, `${path}.external`, d.passwordRequired),
    priorityClassName: readPriority(reader, path, d.priority),
});

/** The defaults of a Celery broker or result store (RabbitMQ, PostgreSQL, MongoDB); `database` is the vhost for RabbitMQ. */
const brokerDefaults = (
    service: "rabbitmq" | "postgresql" | "mongodb",
    database: string,
    priority: string | undefined,
): ServiceDefaults & { database: string } => ({
    image: defaultServiceImages[service],
    resources: defaultResources.broker,
    size: "5Gi",
    persistence: true,
    passwordRequired: true,
    database,
    priority,
});

const readDatabaseService = (reader: ConfigReader, path: string, d: ServiceDefaults & { database: string }): DatabaseServiceConfig => ({
    ...readBackingService(reader, path, d),
    user: reader.string(`${path}.user`, "milvus", urlSafeCredential),
    database: reader.string(`${path}.database`, d.database, urlSafeCredential),
});

const readMetastore = (reader: ConfigReader, mode: ClusterMode): MetastoreBackend => {
    const fallback: MetastoreBackend = mode === "single" ? "sqlite" : "mysql";
    if (reader.peek("metastore.backend") === "etcd") {
        reader.string("metastore.backend", fallback); // counts the key as read
        reader.fail("metastore.backend", 'etcd is not supported by Milvus yet; expected "mysql" (or "sqlite" in single mode)');
        return fallback;
    }
    const backend = reader.oneOf<MetastoreBackend>("metastore.backend", ["sqlite", "mysql"], fallback);
    if (backend === "sqlite" && mode === "cluster") {
        reader.fail("metastore.backend", 'sqlite serves single mode only; expected "mysql" when mode is "cluster"');
    }
    return backend;
};

/** Every image: the release's server (GPU or CPU build) and proxy, the rest from `defaultImages`. */
const readImages = (reader: ConfigReader, release: MilvusRelease, gpuEnabled: boolean): ImageSet => {
    const fromRelease = {
        milvus: defaultServerImage(release, gpuEnabled),
        proxy: releaseProfiles[release].images.proxy,
    };
    if (fromRelease.milvus === undefined && !reader.has("images.milvus")) {
        reader.fail(
            "gpu.enabled",
            `milvus.release "${release}" published GPU builds only; set images.milvus to a CPU build of your own, ` +
                'or choose milvus.release "1.1" (it has a CPU image)',
        );
    }
    const defaults: ImageSet = { ...defaultImages, milvus: fromRelease.milvus ?? "", proxy: fromRelease.proxy };
    const images = { ...defaults };
    for (const key of Object.keys(defaults) as (keyof ImageSet)[]) {
        images[key] = reader.string(`images.${key}`, defaults[key], pinnedImage);
    }
    // The seed's proxy is one of the Celery apps: it runs whatever celery-apps image the stack names.
    if (releaseProfiles[release].proxy.kind === "celeryThrift" && !reader.has("images.proxy")) {
        images.proxy = images.celeryApps;
    }
    return images;
};

/** What {@link parseClusterSettings} makes of the settings given. */
export interface ParsedSettings {
    /** Every setting, defaults filled. */
    config: ClusterConfig;
    /** The settings given, each as its reader accepted it: numeric text as a number, "true" as true, ... */
    settings: MilvusClusterSettings;
}

/**
 * Turns settings (a typed `MilvusClusterSettings`, or raw stack config) into a validated `ClusterConfig`,
 * filling every default. Throws one `ConfigError` listing every problem (wrong type, unknown enum value,
 * unknown key, impossible combination) so that a user fixes them all in one go, before anything is deployed.
 */
export function parseClusterConfig(given: MilvusClusterSettings | RawConfig): ClusterConfig {
    return parseClusterSettings(given).config;
}

/**
 * Like {@link parseClusterConfig}, and also returns the settings given in their typed form: how index.ts hands
 * the stack's config to `MilvusCluster`, which parses it again with the same function.
 */
export function parseClusterSettings(given: MilvusClusterSettings | RawConfig): ParsedSettings {
    const reader = new ConfigReader(given, configNamespace);
    const config = readClusterConfig(reader);
    if (reader.problems.length > 0) {
        throw new ConfigError(reader.problems);
    }
    // Once no problem is left, every key given is one of MilvusClusterSettings' (any other is refused as
    // unknown; tests/unit/clusterSettings.test.ts checks that the parser reads exactly the type's keys), and the
    // value accepted for it is what that key's reader returns: a string, number, boolean, list of strings or map
    // of strings, of the type the key has in MilvusClusterSettings.
    return { config, settings: reader.acceptedValues() as MilvusClusterSettings };
}

/**
 * Reads every key through `reader` into a `ClusterConfig` with defaults filled, and records on the reader every
 * problem, unknown keys included. {@link parseClusterConfig} throws them.
 */
export function readClusterConfig(reader: ConfigReader): ClusterConfig {
    const release = reader.oneOf("milvus.release", milvusReleases, defaultRelease);
    const profile = releaseProfiles[release];
    const mode = reader.oneOf("mode", clusterModes, "cluster");
    const clusterMode = mode === "cluster";
    const sharedAccess: AccessMode = clusterMode ? "ReadWriteMany" : "ReadWriteOnce";

    const priority = reader.optionalString("scheduling.priorityClassName", dnsSubdomain);
    const writeNode = readTier(reader, "writeNode", 1, defaultResources.milvusServer, priority);
    if (reader.has("writeNode.replicas") && writeNode.replicas !== 1) {
        reader.fail("writeNode.replicas", "expected 1: a Milvus cluster has exactly one write-only node");
        writeNode.replicas = 1;
    }

    const storageBackend = reader.oneOf("storage.backend", ["local", "s3"] as const, "local");
    const s3Endpoint = reader.optionalString("storage.s3.endpoint", hostAndPort);
    const s3 = {
        bucket: reader.string("storage.s3.bucket", "milvus", dnsSubdomain),
        endpoint: s3Endpoint,
        useSsl: reader.boolean("storage.s3.useSsl", false),
        accessKey: reader.optionalString("storage.s3.accessKey"),
        secretKey: reader.optionalString("storage.s3.secretKey"),
        existingSecret: reader.optionalString("storage.s3.existingSecret", dnsSubdomain),
    };
    if (storageBackend === "s3" && s3.endpoint !== undefined) {
        const keysGiven = s3.accessKey !== undefined && s3.secretKey !== undefined;
        if (keysGiven === (s3.existingSecret !== undefined)) {
            reader.fail(
                "storage.s3.existingSecret",
                "an external endpoint needs either storage.s3.accessKey and storage.s3.secretKey (secret), " +
                    "or storage.s3.existingSecret (a Secret with keys accessKey and secretKey), not both",
            );
        }
    }

    const proxyTier = readTier(reader, "proxy", 1, defaultResources.proxy, priority);
    const workersTier = readTier(reader, "workers", 1, defaultResources.celeryWorker, priority);

    const gpuEnabled = reader.boolean("gpu.enabled", true);
    const config: ClusterConfig = {
        release,
        namespace: reader.string("namespace", "milvus", dnsLabel),
        createNamespace: reader.boolean("createNamespace", true),
        mode,
        kubernetes: {
            kubeconfig: reader.optionalString("kubernetes.kubeconfig"),
            context: reader.optionalString("kubernetes.context"),
        },
        rollout: {
            baseSeconds: reader.integer("rollout.baseSeconds", 300, 30, 7200),
            // A read-only pod must stay Ready for 10 s (minReadySeconds) before the next one rolls.
            perPodSeconds: reader.integer("rollout.perPodSeconds", 120, 15, 3600),
            fixedSeconds: reader.has("rolloutTimeoutSeconds") ? reader.integer("rolloutTimeoutSeconds", 600, 30, 7200) : undefined,
        },
        metastore: { backend: readMetastore(reader, mode) },
        storage: { backend: storageBackend, s3 },
        mq: {
            backend: reader.oneOf("mq.backend", mqBackends, "redis"),
            resultBackend: reader.oneOf("mq.resultBackend", resultBackends, "redis"),
            imageDrivers: readImageDrivers(reader),
        },
        gpu: {
            enabled: gpuEnabled,
            perServer: reader.integer("gpu.perServer", 1, 1, 16),
            resourceName: reader.string("gpu.resourceName", "nvidia.com/gpu"),
            nodeSelector: reader.stringMap("gpu.nodeSelector", { "nvidia.com/gpu.present": "true" }, labelSelectorProblem),
            allowedFamilies: reader.stringList("gpu.allowedFamilies", [...profile.gpuFamilies], labelValue),
            tolerateTaint: reader.boolean("gpu.tolerateTaint", true),
            runtimeClassName: reader.optionalString("gpu.runtimeClassName", dnsSubdomain),
            devicePlugin: {
                enabled: reader.boolean("gpu.devicePlugin.enabled", true),
                namespace: reader.string("gpu.devicePlugin.namespace", "kube-system", dnsLabel),
            },
        },
        images: readImages(reader, release, gpuEnabled),
        imagePullSecrets: reader.stringList("imagePullSecrets", [], dnsSubdomain),
        milvus: {
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
        },
        writeNode,
        readNodes: {
            ...readTier(reader, "readNodes", 2, defaultResources.milvusServer, priority),
            disruptionBudget: readDisruptionBudget(reader, "readNodes"),
            ...(reader.has("readNodes.rollingUpdate.maxUnavailable")
                ? { maxUnavailable: reader.integer("readNodes.rollingUpdate.maxUnavailable", 1, 1) }
                : {}),
        },
        proxy: {
            ...proxyTier,
            disruptionBudget: readDisruptionBudget(reader, "proxy"),
            autoscaling: readAutoscaling(reader, "proxy", proxyTier.replicas),
            serviceType: reader.oneOf("proxy.serviceType", serviceTypes, "ClusterIP"),
            nodePort: reader.has("proxy.nodePort") ? reader.integer("proxy.nodePort", 30530, 30000, 32767) : undefined,
            serviceAnnotations: reader.stringMap("proxy.serviceAnnotations", {}),
            loadBalancerSourceRanges: reader.stringList("proxy.loadBalancerSourceRanges", [], cidr),
            discovery: reader.oneOf("proxy.discovery", ["kubernetes", "static"] as const, "kubernetes"),
            discoveryPollSeconds: reader.integer("proxy.discoveryPollSeconds", 5, 1, 3600),
            maxWorkers: reader.integer("proxy.maxWorkers", 8, 1, 1024),
            logLevel: reader.oneOf("proxy.logLevel", ["DEBUG", "INFO", "WARNING", "ERROR"] as const, "INFO"),
        },
        celery: {
            monitor: {
                resources: readResources(reader, "monitor.resources", defaultResources.celeryMonitor),
                command: reader.stringList("monitor.command", [...monitorCommand]),
                probeCommand: reader.has("monitor.probeCommand") ? reader.stringList("monitor.probeCommand", []) : undefined,
                priorityClassName: readPriority(reader, "monitor", priority),
                podAnnotations: readPodAnnotations(reader, "monitor"),
            },
            workers: {
                ...workersTier,
                command: reader.stringList("workers.command", [...queryWorkerCommand]),
                concurrency: reader.integer("workers.concurrency", 2, 1, 256),
                probeCommand: reader.stringList("workers.probeCommand", workerPingCommand(queryWorkerApp, "celery@$HOSTNAME")),
                autoscaling: readAutoscaling(reader, "workers", workersTier.replicas),
            },
            sidecar: { resources: readResources(reader, "sidecars.resources", defaultResources.celerySidecar) },
            flower: {
                enabled: reader.boolean("flower.enabled", true),
                serviceType: reader.oneOf("flower.serviceType", serviceTypes, "ClusterIP"),
                resources: readResources(reader, "flower.resources", defaultResources.flower),
                priorityClassName: readPriority(reader, "flower", priority),
                podAnnotations: readPodAnnotations(reader, "flower"),
            },
            serversMonitorKey: reader.string("monitor.serversMonitorKey", defaultServersMonitorKey, monitorKey),
        },
        mysql: readDatabaseService(reader, "mysql", {
            image: defaultServiceImages.mysql,
            resources: defaultResources.mysql,
            size: "10Gi",
            persistence: true,
            passwordRequired: true,
            database: "milvus",
            priority,
        }),
        redis: readBackingService(reader, "redis", {
            image: defaultServiceImages.redis,
            resources: defaultResources.redis,
            size: "2Gi",
            persistence: false,
            passwordRequired: false,
            priority,
        }),
        minio: readBackingService(reader, "minio", {
            image: defaultServiceImages.minio,
            resources: defaultResources.minio,
            size: "50Gi",
            persistence: true,
            passwordRequired: false,
            priority,
        }),
        rabbitmq: readDatabaseService(reader, "rabbitmq", brokerDefaults("rabbitmq", "milvus", priority)),
        postgresql: readDatabaseService(reader, "postgresql", brokerDefaults("postgresql", "celery", priority)),
        mongodb: readDatabaseService(reader, "mongodb", brokerDefaults("mongodb", "celery", priority)),
        volumes: {
            logs: readVolume(reader, "volumes.logs", { size: "10Gi", accessMode: sharedAccess }),
            data: readVolume(reader, "volumes.data", { size: "50Gi", accessMode: sharedAccess }),
        },
        metrics: {
            enabled: reader.boolean("metrics.enabled", true),
            serviceMonitor: reader.boolean("metrics.serviceMonitor", false),
            serviceMonitorLabels: reader.stringMap("metrics.serviceMonitorLabels", {}),
            scrapeInterval: reader.string("metrics.scrapeInterval", "30s", durationString),
        },
        protection: {
            protect: reader.boolean("protection.protect", false),
            retainOnDelete: reader.boolean("protection.retainOnDelete", false),
            allowReplacement: reader.boolean("protection.allowReplacement", false),
        },
        scheduling: {
            spread: reader.oneOf("scheduling.spread", ["preferred", "required"] as const, "preferred"),
            topologyKey: reader.string("scheduling.topologyKey", "kubernetes.io/hostname", labelKey),
        },
        networkPolicies: {
            enabled: reader.boolean("networkPolicies.enabled", false),
            clientNamespaceSelector: reader.has("networkPolicies.clientNamespaceSelector")
                ? reader.stringMap("networkPolicies.clientNamespaceSelector", {}, labelSelectorProblem)
                : undefined,
            clientCidrs: reader.stringList("networkPolicies.clientCidrs", [], cidr),
            monitoringNamespaceSelector: reader.stringMap("networkPolicies.monitoringNamespaceSelector", {}, labelSelectorProblem),
        },
        security: {
            appRunAsUser: reader.has("security.appRunAsUser") ? reader.integer("security.appRunAsUser", 1000, 1, 2147483647) : undefined,
        },
    };

    checkCombinations(reader, config);
    if (profile.celeryTier && mode === "cluster") {
        refuseUnworkableCeleryBackends(reader, config.mq, {
            enabled: config.celery.flower.enabled,
            ownImage: reader.has("images.flower"),
        });
    }
    refuseKeysUnusedByRelease(reader, release, mode);
    checkReleaseLimits(reader, config);
    reader.reportUnknownKeys();
    return config;
}

const isImageDriver = (v: string): v is CeleryImageDriver => celeryImageDrivers.some((d) => d === v);

const readImageDrivers = (reader: ConfigReader): CeleryImageDriver[] =>
    reader
        .stringList("mq.imageDrivers", [], (v) =>
            isImageDriver(v) ? undefined : `expected a list of ${celeryImageDrivers.map((d) => `"${d}"`).join(", ")}`,
        )
        .filter(isImageDriver);

/** `SERVERS_MONITOR_KEY`: the monitor and every sidecar assert its prefix at start. */
function monitorKey(value: string): string | undefined {
    return value.startsWith(monitorKeyPrefix) && value.length > monitorKeyPrefix.length
        ? undefined
        : `expected a Redis key starting with "${monitorKeyPrefix}", e.g. "${defaultServersMonitorKey}": ` +
              `the seed's monitor and sidecars assert it at start (${monitorKeyAsserts})`;
}

/** A string that must be given (no default). */
function requiredString(reader: ConfigReader, path: string, allowed: string): string {
    const value = reader.optionalString(path, dnsSubdomain);
    if (value === undefined && !reader.problems.some((p) => p.key === reader.fullKey(path))) {
        reader.fail(path, allowed);
    }
    return value ?? "";
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

/** A Kubernetes label value (a node label's value such as a GPU family). */
function labelValue(value: string): string | undefined {
    return /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(value)
        ? undefined
        : "expected a label value: at most 63 characters of a-z, A-Z, 0-9, '-', '_' and '.'";
}

/** Rules that span several keys. */
function checkCombinations(reader: ConfigReader, config: ClusterConfig): void {
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

/**
 * Limits that depend on the release: storage it can read, ports its server accepts, and the memory its caches
 * need.
 */
function checkReleaseLimits(reader: ConfigReader, config: ClusterConfig): void {
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

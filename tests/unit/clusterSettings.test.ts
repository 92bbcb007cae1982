import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MilvusClusterSettings } from "../../components/config/clusterSettings";
import { ConfigReader, RawConfig } from "../../components/config/configReader";
import { configNamespace, parseClusterConfig, parseClusterSettings, readClusterConfig } from "../../components/config/parseClusterConfig";
import { loadStackFile } from "../helpers/stackFiles";

/** `T` with every key required, at every level: a value of it names every key the type has. */
type DeepRequired<T> = T extends readonly (infer Item)[]
    ? DeepRequired<Item>[]
    : T extends object
      ? { [Key in keyof T]-?: DeepRequired<T[Key]> }
      : T;

const resources = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: 2, memory: "2Gi" } };
const volume = { size: "1Gi", storageClass: "fast", accessMode: "ReadWriteOnce" } as const;
const tier = { replicas: 1, resources, priorityClassName: "high", podAnnotations: { "example.com/team": "search" } };
const autoscaling = { enabled: false, minReplicas: 1, maxReplicas: 3, targetCpuUtilizationPercent: 70 };
const external = { host: "db.example.com", port: 5432, password: "pw", existingSecret: { name: "db", key: "password" } };
const service = { image: "db:1.0", resources, storage: volume, persistence: true, external, priorityClassName: "high" };
const database = { ...service, user: "milvus", database: "milvus" };

/**
 * Every key of MilvusClusterSettings. The type checker refuses this object if a key of the type is missing
 * (DeepRequired) or if it has a key the type does not (an object literal's excess properties), at every level.
 * The values need not make a valid cluster: only the keys are compared with what the parser reads.
 */
const everyKey: DeepRequired<MilvusClusterSettings> = {
    mode: "cluster",
    namespace: "search",
    createNamespace: true,
    kubernetes: { kubeconfig: "/kubeconfig", context: "kind" },
    rollout: { baseSeconds: 300, perPodSeconds: 120 },
    rolloutTimeoutSeconds: 600,
    metastore: { backend: "mysql" },
    storage: {
        backend: "s3",
        s3: { bucket: "milvus", endpoint: "s3.example.com", useSsl: false, accessKey: "a", secretKey: "s", existingSecret: "s3" },
    },
    mq: { backend: "redis", resultBackend: "redis", imageDrivers: ["pymongo"] },
    gpu: {
        enabled: true,
        perServer: 1,
        resourceName: "nvidia.com/gpu",
        nodeSelector: { "nvidia.com/gpu.present": "true" },
        allowedFamilies: ["volta"],
        tolerateTaint: true,
        runtimeClassName: "nvidia",
        devicePlugin: { enabled: true, namespace: "kube-system" },
    },
    images: {
        milvus: "m:1",
        celeryApps: "c:1",
        proxy: "p:1",
        flower: "f:1",
        pushgateway: "g:1",
        configRenderer: "r:1",
        devicePlugin: "d:1",
        minioClient: "mc:1",
    },
    imagePullSecrets: ["registry"],
    milvus: {
        release: "1.1",
        port: 19530,
        metricsPort: 9091,
        timeZone: "UTC+0",
        cpuCacheCapacityGb: 4,
        insertBufferSizeGb: 1,
        useBlasThreshold: 1100,
        logLevel: "info",
        dataPath: "/var/lib/milvus/data",
        logPath: "/var/lib/milvus/logs",
        serverConfigPath: "/var/lib/milvus/conf/server_config.yaml",
        cacheFreePercent: 0.85,
        archiveDiskThresholdGb: 0,
        archiveDaysThreshold: 0,
        logConfigPath: "/opt/milvus/conf/log_config.conf",
        gpuCacheCapacityGb: 1,
        gpuSearchThreshold: 1000,
        autoFlushIntervalSeconds: 1,
        walBufferSizeMb: 256,
    },
    writeNode: tier,
    readNodes: { ...tier, disruptionBudget: { maxUnavailable: 1 }, rollingUpdate: { maxUnavailable: 1 } },
    proxy: {
        ...tier,
        disruptionBudget: { maxUnavailable: 1 },
        autoscaling,
        serviceType: "NodePort",
        nodePort: 30530,
        serviceAnnotations: { "example.com/lb": "internal" },
        loadBalancerSourceRanges: ["10.0.0.0/8"],
        discovery: "kubernetes",
        discoveryPollSeconds: 5,
        maxWorkers: 8,
        logLevel: "INFO",
    },
    monitor: {
        resources,
        priorityClassName: "high",
        podAnnotations: {},
        command: ["python", "app.py"],
        probeCommand: ["true"],
        serversMonitorKey: "monitor:servers",
    },
    workers: { ...tier, command: ["celery"], concurrency: 2, probeCommand: ["true"], autoscaling },
    sidecars: { resources },
    flower: { resources, priorityClassName: "high", podAnnotations: {}, enabled: true, serviceType: "ClusterIP" },
    mysql: database,
    redis: service,
    minio: service,
    rabbitmq: database,
    postgresql: database,
    mongodb: database,
    volumes: { logs: volume, data: volume },
    metrics: { enabled: true, serviceMonitor: false, serviceMonitorLabels: { release: "prometheus" }, scrapeInterval: "30s" },
    protection: { protect: false, retainOnDelete: false, allowReplacement: false },
    scheduling: { spread: "preferred", topologyKey: "kubernetes.io/hostname", priorityClassName: "high" },
    networkPolicies: {
        enabled: true,
        clientNamespaceSelector: { team: "search" },
        clientCidrs: ["10.0.0.0/8"],
        monitoringNamespaceSelector: {},
    },
    security: { appRunAsUser: 1000 },
};

/** The value at a dotted path of a nested object. */
const valueAt = (root: unknown, path: string): unknown =>
    path
        .split(".")
        .reduce<unknown>(
            (value, key) => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined),
            root,
        );

/** The paths of `value`'s leaves; a path the parser reads as a whole (a map of strings) is not walked into. */
function leafPaths(value: unknown, readAsWhole: ReadonlySet<string>, path = ""): string[] {
    if (typeof value !== "object" || value === null || Array.isArray(value) || readAsWhole.has(path)) {
        return [path];
    }
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, readAsWhole, path === "" ? key : `${path}.${key}`));
}

describe("MilvusClusterSettings and the parser read the same keys", () => {
    // The parser reads every key it knows once it is given every key (the conditional ones included).
    const reader = new ConfigReader(everyKey, configNamespace);
    readClusterConfig(reader);
    const keysRead = reader.keysRead;

    test("every key of the type is read by the parser", () => {
        const unread = leafPaths(everyKey, new Set(keysRead)).filter((path) => !keysRead.includes(path));
        assert.deepEqual(unread, []);
        assert.deepEqual(
            reader.problems.filter((p) => p.given === "a value for an unknown key"),
            [],
        );
    });

    test("every key the parser reads is a key of the type", () => {
        assert.ok(keysRead.length > 150, `expected the parser to read every key, read ${keysRead.length}`);
        assert.deepEqual(
            keysRead.filter((path) => valueAt(everyKey, path) === undefined),
            [],
        );
    });
});

describe("parseClusterSettings: the settings given, as typed settings", () => {
    test("each stack file's settings parse to the same config as the stack file", () => {
        for (const stack of ["dev", "prod", "seed"]) {
            const raw = loadStackFile(stack);
            const { config, settings } = parseClusterSettings(raw);
            assert.deepEqual(parseClusterConfig(settings), config, stack);
            assert.deepEqual(parseClusterConfig(raw), config, stack);
        }
    });

    test("values written as `pulumi config set --path` stores them come back in their settings type", () => {
        const raw: RawConfig = {
            milvus: { release: "0.4", cacheFreePercent: "0.9" },
            readNodes: { replicas: "3", resources: { limits: { cpu: 8 } } },
            gpu: { tolerateTaint: "false" },
            mysql: { database: 2024 },
        };
        const { config, settings } = parseClusterSettings(raw);
        const expected: MilvusClusterSettings = {
            milvus: { release: "0.4", cacheFreePercent: 0.9 },
            readNodes: { replicas: 3, resources: { limits: { cpu: "8" } } },
            gpu: { tolerateTaint: false },
            mysql: { database: "2024" },
        };
        assert.deepEqual(settings, expected);
        assert.deepEqual(parseClusterConfig(settings), config);
    });

    test("only the keys given are in the settings, not the defaults", () => {
        assert.deepEqual(parseClusterSettings({}).settings, {});
        assert.deepEqual(parseClusterSettings({ namespace: "search" }).settings, { namespace: "search" });
    });

    test("settings with problems are refused like stack config", () => {
        assert.throws(() => parseClusterSettings({ readNodes: { replicas: "three" } }), /readNodes\.replicas/);
    });
});

// A catalogue of distinct bad configs, each refused before anything is registered, naming the right key.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../components/config/configError";
import { RawConfig } from "../../components/config/configReader";
import { runProgram } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

/**
 * [what is wrong, the overrides on top of a stack file, the key the error must name, the stack file (default
 * dev, Milvus 1.1; seed for the 0.4 line's Celery tier)].
 */
const catalogue: [string, RawConfig, string, ("dev" | "seed")?][] = [
    // Data protection
    ["protection.protect not a boolean", { protection: { protect: "yes" } }, "protection.protect"],
    ["protection.retainOnDelete a number", { protection: { retainOnDelete: 1 } }, "protection.retainOnDelete"],
    ["protection.allowReplacement a string", { protection: { allowReplacement: "true please" } }, "protection.allowReplacement"],
    ["a typo under protection", { protection: { protected: true } }, "protection.protected"],
    // Disruption budgets and autoscaling
    [
        "proxy budget of 0 would block every drain",
        { proxy: { disruptionBudget: { maxUnavailable: 0 } } },
        "proxy.disruptionBudget.maxUnavailable",
    ],
    [
        "read-node budget not an integer",
        { readNodes: { disruptionBudget: { maxUnavailable: 1.5 } } },
        "readNodes.disruptionBudget.maxUnavailable",
    ],
    ["proxy autoscaling enabled not a boolean", { proxy: { autoscaling: { enabled: "on" } } }, "proxy.autoscaling.enabled"],
    [
        "proxy autoscaler max below min",
        { proxy: { autoscaling: { enabled: true, minReplicas: 4, maxReplicas: 2 } } },
        "proxy.autoscaling.maxReplicas",
    ],
    ["proxy autoscaler min of 0", { proxy: { autoscaling: { minReplicas: 0 } } }, "proxy.autoscaling.minReplicas"],
    [
        "workers autoscaler target above 100%",
        { workers: { autoscaling: { targetCpuUtilizationPercent: 150 } } },
        "workers.autoscaling.targetCpuUtilizationPercent",
        "seed",
    ],
    [
        "workers autoscaler target of 0%",
        { workers: { autoscaling: { targetCpuUtilizationPercent: 0 } } },
        "workers.autoscaling.targetCpuUtilizationPercent",
        "seed",
    ],
    ["replicas beside an enabled autoscaler", { workers: { replicas: 3, autoscaling: { enabled: true } } }, "workers.replicas", "seed"],
    ["autoscaling asked of the read-only nodes (stateful)", { readNodes: { autoscaling: { enabled: true } } }, "readNodes.autoscaling"],
    // Scheduling
    ["spread policy unknown", { scheduling: { spread: "always" } }, "scheduling.spread"],
    ["topology key with spaces", { scheduling: { topologyKey: "my zone" } }, "scheduling.topologyKey"],
    ["priority class not DNS-1123", { scheduling: { priorityClassName: "High_Priority" } }, "scheduling.priorityClassName"],
    ["per-tier priority class not a string", { readNodes: { priorityClassName: ["high"] } }, "readNodes.priorityClassName"],
    ["backing-service priority class not DNS-1123", { mysql: { priorityClassName: "DB!" } }, "mysql.priorityClassName"],
    ["GPU node selector with a bad label key", { gpu: { nodeSelector: { "bad key": "true" } } }, "gpu.nodeSelector"],
    // NetworkPolicies
    ["networkPolicies.enabled neither true nor false", { networkPolicies: { enabled: "yes" } }, "networkPolicies.enabled"],
    ["client CIDR without a prefix length", { networkPolicies: { clientCidrs: ["10.0.0.0"] } }, "networkPolicies.clientCidrs"],
    ["client CIDR that is IPv6-looking nonsense", { networkPolicies: { clientCidrs: ["fe80::/300"] } }, "networkPolicies.clientCidrs"],
    [
        "client namespace selector value too long",
        { networkPolicies: { clientNamespaceSelector: { team: "x".repeat(64) } } },
        "networkPolicies.clientNamespaceSelector",
    ],
    [
        "monitoring selector not a map",
        { networkPolicies: { monitoringNamespaceSelector: ["monitoring"] } },
        "networkPolicies.monitoringNamespaceSelector",
    ],
    // Security
    ["app user 0 is root", { security: { appRunAsUser: 0 } }, "security.appRunAsUser"],
    ["app user not an integer", { security: { appRunAsUser: "nobody" } }, "security.appRunAsUser"],
    // Probes
    ["workers probe command empty strings", { workers: { probeCommand: ["", ""] } }, "workers.probeCommand", "seed"],
    ["monitor probe command not a list", { monitor: { probeCommand: "celery inspect ping" } }, "monitor.probeCommand", "seed"],
    // Rollout and the rest
    ["rollout timeout below 30 s", { rolloutTimeoutSeconds: 5 }, "rolloutTimeoutSeconds"],
    [
        "fixed rollout time-out shorter than 20 read-only nodes need",
        { rolloutTimeoutSeconds: 900, readNodes: { replicas: 20 } },
        "rolloutTimeoutSeconds",
    ],
    ["per-pod budget below the read-only pods' 10 s minReadySeconds", { rollout: { perPodSeconds: 10 } }, "rollout.perPodSeconds"],
    ["rollout base not an integer", { rollout: { baseSeconds: "5m" } }, "rollout.baseSeconds"],
    [
        "read-only roll maxUnavailable of 0",
        { readNodes: { rollingUpdate: { maxUnavailable: 0 } } },
        "readNodes.rollingUpdate.maxUnavailable",
    ],
    [
        "pod annotation that would override the config checksum",
        { readNodes: { podAnnotations: { "checksum/config": "x" } } },
        "readNodes.podAnnotations",
    ],
    ["pod annotation key with a space", { flower: { podAnnotations: { "my key": "x" } } }, "flower.podAnnotations"],
    ["pod annotation value not a string", { workers: { podAnnotations: { "example.com/x": 1 } } }, "workers.podAnnotations"],
    ["log volume that cannot be shared in cluster mode", { volumes: { logs: { accessMode: "ReadWriteOnce" } } }, "volumes.logs.accessMode"],
    ["storage class with capitals", { volumes: { data: { storageClass: "Fast-SSD" } } }, "volumes.data.storageClass"],
    ["volume size not a quantity", { mysql: { storage: { size: "ten gigs" } } }, "mysql.storage.size"],
    ["an image on latest", { images: { proxy: "registry.zilliz.com/milvus/mishards:latest" } }, "images.proxy"],
    ["read-only nodes scaled to zero", { readNodes: { replicas: 0 } }, "readNodes.replicas"],
    ["two write-only nodes", { writeNode: { replicas: 2 } }, "writeNode.replicas"],
    ["etcd metastore", { metastore: { backend: "etcd" } }, "metastore.backend"],
    // Releases: every key must do something with the release chosen
    ["an unknown release", { milvus: { release: "2.0" } }, "milvus.release"],
    ["a release given as a number", { milvus: { release: 1.1 } }, "milvus.release"],
    ["a Celery broker with release 1.1 (no Celery tier)", { mq: { backend: "rabbitmq" } }, "mq"],
    ["Celery workers with release 1.1", { workers: { replicas: 3 } }, "workers"],
    ["Flower with release 1.1", { flower: { enabled: false } }, "flower"],
    ["Celery sidecars with release 1.1", { sidecars: { resources: { limits: { cpu: "2" } } } }, "sidecars"],
    [
        "a monitor key the seed's monitor asserts on (no monitor: prefix)",
        { monitor: { serversMonitorKey: "milvus:servers" } },
        "monitor.serversMonitorKey",
        "seed",
    ],
    [
        "a MySQL Celery broker (kombu's SQLAlchemy transport carries no events for the monitor)",
        { mq: { backend: "mysql" } },
        "mq.backend",
        "seed",
    ],
    ["a MongoDB broker with the published celery-apps image (no pymongo)", { mq: { backend: "mongodb" } }, "mq.backend", "seed"],
    ["an image driver the program does not know", { mq: { imageDrivers: ["mysqlclient"] } }, "mq.imageDrivers", "seed"],
    ["a Mishards discovery setting with the seed's Thrift proxy", { proxy: { discovery: "static" } }, "proxy.discovery", "seed"],
    ["Redis settings with release 1.1", { redis: { persistence: true } }, "redis"],
    ["a 0.4-only server key with release 1.1", { milvus: { cacheFreePercent: 0.7 } }, "milvus.cacheFreePercent"],
    ["a 1.1-only server key with release 0.4", { milvus: { gpuCacheCapacityGb: 2 } }, "milvus.gpuCacheCapacityGb", "seed"],
    [
        "the Pushgateway image with release 0.4 (it is scraped, not pushed to)",
        { images: { pushgateway: "prom/pushgateway:v1.11.3" } },
        "images.pushgateway",
        "seed",
    ],
    [
        "S3 storage with release 0.10 (its S3 code is compiled out)",
        { milvus: { release: "0.10" }, storage: { backend: "s3" } },
        "storage.backend",
    ],
    ["S3 storage with release 0.4 (no S3 settings at all)", { storage: { backend: "s3" } }, "storage.backend", "seed"],
    [
        "S3 over TLS with release 1.1 (its client speaks HTTP only)",
        { storage: { backend: "s3", s3: { useSsl: true } } },
        "storage.s3.useSsl",
    ],
    ["a CPU-only cluster of release 0.4 without a CPU image of one's own", { gpu: { enabled: false } }, "gpu.enabled", "seed"],
    ["a client port Milvus 1.1 refuses (<= 1024)", { milvus: { port: 1024 } }, "milvus.port"],
    ["the metrics port on the client port", { milvus: { metricsPort: 19530 } }, "milvus.metricsPort"],
    ["a data path with a dot (Milvus 1.1 refuses it)", { milvus: { dataPath: "/var/lib/milvus.data" } }, "milvus.dataPath"],
    ["a time zone past UTC+23", { milvus: { timeZone: "UTC+24" } }, "milvus.timeZone"],
    ["a WAL buffer below Milvus' 64 MB", { milvus: { walBufferSizeMb: 16 } }, "milvus.walBufferSizeMb"],
    [
        "caches that do not fit the server's memory limit",
        { milvus: { cpuCacheCapacityGb: 15, insertBufferSizeGb: 2 } },
        "milvus.cpuCacheCapacityGb",
    ],
    ["a GPU family that is not a label value", { gpu: { allowedFamilies: ["Turing GPUs"] } }, "gpu.allowedFamilies"],
    ["GPU families for a CPU-only cluster", { gpu: { enabled: false, allowedFamilies: ["turing"] } }, "gpu.allowedFamilies"],
    [
        "a Pushgateway image with metrics off",
        { metrics: { enabled: false }, images: { pushgateway: "prom/pushgateway:v1.11.3" } },
        "images.pushgateway",
    ],
    [
        "Celery workers in single mode of the 0.4 line",
        {
            mode: "single",
            metastore: { backend: "sqlite" },
            volumes: { logs: { accessMode: "ReadWriteOnce" }, data: { accessMode: "ReadWriteOnce" } },
            workers: { replicas: 2 },
        },
        "workers",
        "seed",
    ],
    [
        "a MongoDB broker with the stock Flower (no pymongo)",
        { mq: { backend: "mongodb", resultBackend: "redis", imageDrivers: ["pymongo"] } },
        "mq.backend",
        "seed",
    ],
    ["a data path with a trailing slash", { milvus: { dataPath: "/var/lib/milvus/data/" } }, "milvus.dataPath"],
];

test(`the catalogue holds at least 30 distinct bad configs (${catalogue.length})`, () => {
    assert.ok(catalogue.length >= 30);
    assert.equal(new Set(catalogue.map(([what]) => what)).size, catalogue.length);
    assert.equal(new Set(catalogue.map(([, overrides]) => JSON.stringify(overrides))).size, catalogue.length);
});

for (const [what, overrides, key, base = "dev"] of catalogue) {
    test(`refused: ${what} (${key})`, async () => {
        const run = await runProgram(withOverrides(loadStackFile(base), overrides), base);
        assert.ok(run.error instanceof ConfigError, `expected a ConfigError, got ${String(run.error)}`);
        const fullKey = `milvus-cluster:${key}`;
        const problem = run.error.problems.find((p) => p.key === fullKey);
        assert.ok(problem, `no problem names ${fullKey}; got ${run.error.problems.map((p) => p.key).join(", ")}`);
        assert.ok(problem.allowed.length > 10, "the problem says what is allowed");
        assert.ok(run.error.message.includes(fullKey));
        assert.deepEqual(run.resources, [], "nothing may be registered");
    });
}

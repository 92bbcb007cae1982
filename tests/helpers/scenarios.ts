import { RawConfig } from "../../components/config/configReader";
import { loadStackFile, withOverrides } from "./stackFiles";

/**
 * Stack configs that between them switch on every optional object the program can declare; the integrity
 * and schema tests run over all of them.
 */
export const scenarios: Record<string, () => RawConfig> = {
    dev: () => loadStackFile("dev"),
    prod: () => loadStackFile("prod"),
    seed: () => loadStackFile("seed"),
    "release 0.10": () => withOverrides(loadStackFile("dev"), { milvus: { release: "0.10" } }),
    "release 1.1 on MinIO": () => withOverrides(loadStackFile("dev"), { storage: { backend: "s3" } }),
    "seed line: RabbitMQ broker, PostgreSQL results": () =>
        withOverrides(loadStackFile("seed"), { mq: { backend: "rabbitmq", resultBackend: "postgresql", imageDrivers: ["psycopg2"] } }),
    "seed line: MongoDB broker, MySQL results, persistent Redis": () =>
        withOverrides(loadStackFile("seed"), {
            mq: { backend: "mongodb", resultBackend: "mysql", imageDrivers: ["pymongo"] },
            redis: { persistence: true },
        }),
    "single mode, SQLite, local storage": () => ({ namespace: "solo", mode: "single", metastore: { backend: "sqlite" } }),
    "single mode, MySQL, MinIO": () => ({
        namespace: "solo",
        mode: "single",
        metastore: { backend: "mysql" },
        storage: { backend: "s3" },
    }),
    "external MySQL and S3": () =>
        withOverrides(loadStackFile("prod"), {
            mysql: { external: { host: "10.20.30.40", port: 3306, password: "fromSecretConfig1" } },
            storage: {
                backend: "s3",
                s3: { endpoint: "s3.example.com", bucket: "vectors", existingSecret: "s3-keys" },
            },
        }),
    "seed line: external Redis": () =>
        withOverrides(loadStackFile("seed"), {
            redis: { external: { host: "cache.example.internal", port: 6379, existingSecret: { name: "redis-login", key: "pw" } } },
        }),
    "static discovery, NodePort, ServiceMonitor, no GPUs, private registry": () =>
        withOverrides(loadStackFile("dev"), {
            gpu: { enabled: false },
            proxy: { discovery: "static", serviceType: "NodePort", nodePort: 31530 },
            metrics: { serviceMonitor: true, serviceMonitorLabels: { release: "prometheus" } },
            imagePullSecrets: ["registry-login"],
            images: { milvus: "mirror.example.com:5000/milvusdb/milvus:1.1.1-cpu-d061621-330cc6" },
        }),
    "every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO": () =>
        withOverrides(loadStackFile("prod"), {
            storage: { backend: "s3" },
            proxy: { replicas: null, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6 } },
            scheduling: { priorityClassName: "milvus-standard", topologyKey: "topology.kubernetes.io/zone" },
            readNodes: { priorityClassName: "milvus-critical", disruptionBudget: { maxUnavailable: 2 } },
            networkPolicies: {
                clientCidrs: ["10.0.0.0/8"],
                clientNamespaceSelector: { "milvus-cluster/client": "true" },
                monitoringNamespaceSelector: { "kubernetes.io/metadata.name": "monitoring" },
            },
            security: { appRunAsUser: 10001 },
        }),
    "seed line hardened: worker autoscaler, RabbitMQ, NetworkPolicies, protection": () =>
        withOverrides(loadStackFile("seed"), {
            mq: { backend: "rabbitmq", resultBackend: "redis" },
            workers: { replicas: null, autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 12, targetCpuUtilizationPercent: 60 } },
            networkPolicies: { enabled: true },
            protection: { protect: true, retainOnDelete: true },
            security: { appRunAsUser: 10001 },
        }),
    "single mode behind NetworkPolicies": () => ({
        namespace: "solo",
        mode: "single",
        metastore: { backend: "sqlite" },
        networkPolicies: { enabled: true },
        protection: { protect: true, retainOnDelete: true },
    }),
};

/** Secrets that a scenario expects to exist already (made by the user, not by the program). */
export const existingSecrets = new Set(["redis-login", "s3-keys", "registry-login"]);

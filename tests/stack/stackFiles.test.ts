// Whole-stack tests: the dev, prod and seed stack files, rendered under Pulumi's mocks, declare the seed's objects
// for their release (dev and prod: Milvus 1.1 and Mishards; seed: the 0.3/0.4 line with its Celery tier).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import {
    allObjects,
    configFile,
    dotenvConfigFile,
    envValue,
    mainContainer,
    namesOfKind,
    podSpec,
    replicasOf,
} from "../helpers/kubeQueries";
import { findObject, renderStack, RenderedStack } from "../helpers/renderStack";
import { loadStackFile } from "../helpers/stackFiles";
import { dotenv } from "../helpers/dotenv";

/** The 0.3/0.4 server config (the seed stack). */
interface SeedConfigYml {
    server_config: { mode: string; port: number };
    db_config: { db_backend_url: string };
    metric_config: { is_startup: string; prometheus_config: { port: number } };
}

/** The 0.10/1.1 server config (dev and prod). */
interface V05ConfigYml {
    cluster: { enable: boolean; role: string };
    general: { meta_uri: string };
    metric: { enable: boolean; address: string; port: number };
}

interface StackExpectations {
    namespace: string;
    readNodes: number;
    proxies: number;
    /** Celery workers; unset: the release has no Celery tier. */
    workers?: number;
    dataSize: string;
    /** The port Prometheus scrapes: the Pushgateway sidecar (1.1) or the server (0.4). */
    metricsPort: number;
}

const expectations: Record<string, StackExpectations> = {
    dev: { namespace: "milvus-dev", readNodes: 2, proxies: 1, dataSize: "20Gi", metricsPort: 9091 },
    prod: { namespace: "milvus-prod", readNodes: 4, proxies: 3, dataSize: "1Ti", metricsPort: 9091 },
    seed: { namespace: "milvus-seed", readNodes: 2, proxies: 1, workers: 1, dataSize: "20Gi", metricsPort: 8080 },
};

for (const [stackName, expected] of Object.entries(expectations)) {
    describe(`${stackName} stack`, () => {
        let stack: RenderedStack;
        before(async () => {
            stack = await renderStack(loadStackFile(stackName), stackName);
        });

        const celery = expected.workers !== undefined;

        test("declares every object the seed names for its release, and nothing of a tier the release has not", () => {
            assert.ok(namesOfKind(stack, "PersistentVolumeClaim").includes("milvus-log-disk"));
            const configMaps = ["milvus-proxy-configmap", "milvus-roserver-configmap", "milvus-woserver-configmap"];
            assert.deepEqual(namesOfKind(stack, "ConfigMap"), [...(celery ? ["milvus-celery-configmap"] : []), ...configMaps]);
            const services = ["milvus-mysql", "milvus-proxy-servers", "milvus-ro-servers", "milvus-wo-servers"];
            assert.deepEqual(
                namesOfKind(stack, "Service"),
                [...(celery ? ["milvus-flower"] : []), ...services, ...(celery ? ["milvus-redis"] : [])].sort(),
            );
            assert.ok(namesOfKind(stack, "StatefulSet").includes("milvus-ro-servers"));
            const deployments = [
                "milvus-proxy",
                "milvus-wo-servers",
                ...(celery ? ["milvus-flower", "milvus-monitor", "milvus-workers"] : []),
            ];
            assert.deepEqual(namesOfKind(stack, "Deployment"), deployments.sort());
        });

        test("ConfigMaps hold the seed's files (log.conf only where the release reads one)", () => {
            const keys = (name: string) => Object.keys(findObject(stack, "ConfigMap", name).data as object).sort();
            const serverFiles = celery ? ["config.yml", "log.conf"] : ["config.yml"];
            assert.deepEqual(keys("milvus-woserver-configmap"), serverFiles);
            assert.deepEqual(keys("milvus-roserver-configmap"), serverFiles);
            assert.deepEqual(keys("milvus-proxy-configmap"), ["milvus_proxy_config.yml"]);
        });

        test("write-only node runs against MySQL as the writer; read-only nodes as readers", () => {
            const metaUri = "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus";
            if (celery) {
                const wo = configFile<SeedConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
                const ro = configFile<SeedConfigYml>(stack, "milvus-roserver-configmap", "config.yml");
                assert.equal(wo.server_config.mode, "cluster");
                assert.equal(ro.server_config.mode, "read_only");
                for (const file of [wo, ro]) {
                    assert.equal(file.db_config.db_backend_url, metaUri);
                    assert.equal(file.metric_config.is_startup, "on");
                    assert.equal(file.metric_config.prometheus_config.port, expected.metricsPort);
                }
                return;
            }
            const wo = configFile<V05ConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
            const ro = configFile<V05ConfigYml>(stack, "milvus-roserver-configmap", "config.yml");
            assert.deepEqual(wo.cluster, { enable: true, role: "rw" });
            assert.deepEqual(ro.cluster, { enable: true, role: "ro" });
            for (const file of [wo, ro]) {
                assert.equal(file.general.meta_uri, metaUri);
                assert.deepEqual(file.metric, { enable: true, address: "127.0.0.1", port: expected.metricsPort });
            }
        });

        test(
            "Celery .env holds the metastore, the Redis broker and result backend; the workers read it",
            { skip: !celery && "no Celery tier in this release" },
            () => {
                const settings = dotenvConfigFile(stack, "milvus-celery-configmap", "milvus_celery_config.yml");
                assert.equal(settings.SQLALCHEMY_DATABASE_URI, "mysql+mysqlconnector://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus");
                assert.equal(settings.CELERY_BROKER_URL, "redis://:$(BROKER_PASSWORD)@milvus-redis:6379/0");
                assert.equal(settings.CELERY_BACKEND_URL, "redis://:$(RESULT_BACKEND_PASSWORD)@milvus-redis:6379/1");
                const workers = findObject(stack, "Deployment", "milvus-workers");
                assert.equal(envValue(workers, "ENV_PATH"), "/source");
                assert.equal(envValue(workers, "CELERY_BROKER_URL"), undefined, "real env would win over the file");
            },
        );

        test("the seed's Thrift proxy writes to the write-only node", { skip: !celery && "Mishards in this release" }, () => {
            const proxy = dotenvConfigFile(stack, "milvus-proxy-configmap", "milvus_proxy_config.yml");
            assert.equal(proxy.THRIFTCLIENT_TRANSPORT, "tcp://milvus-wo-servers:19530");
            assert.equal(proxy.THRIFTSERVER_TRANSPORT, "tcp://0.0.0.0:19530");
            assert.deepEqual(namesOfKind(stack, "Role"), [], "proxy_server calls no Kubernetes API");
        });

        test(
            "proxy finds the write-only node and discovers read-only pods through the Kubernetes API",
            { skip: celery && "the seed's proxy is not Mishards" },
            () => {
                const text = String(
                    (findObject(stack, "ConfigMap", "milvus-proxy-configmap").data as Record<string, string>)["milvus_proxy_config.yml"],
                );
                const proxy = dotenv(text);
                assert.equal(proxy.WOSERVER, "tcp://milvus-wo-servers:19530");
                assert.equal(proxy.DISCOVERY_CLASS_NAME, "kubernetes");
                assert.equal(proxy.DISCOVERY_KUBERNETES_NAMESPACE, expected.namespace);
                const role = findObject(stack, "Role", "milvus-proxy-discovery");
                assert.deepEqual(role.rules, [
                    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
                    { apiGroups: [""], resources: ["events"], verbs: ["list", "watch"] },
                ]);
                assert.equal(podSpec(findObject(stack, "Deployment", "milvus-proxy")).serviceAccountName, "milvus-proxy");
            },
        );

        test("replicas: one write-only node and one monitor; read-only nodes, proxies and workers as configured", () => {
            assert.equal(replicasOf(stack, "Deployment", "milvus-wo-servers"), 1);
            assert.equal(replicasOf(stack, "StatefulSet", "milvus-ro-servers"), expected.readNodes);
            assert.equal(replicasOf(stack, "Deployment", "milvus-proxy"), expected.proxies);
            if (expected.workers !== undefined) {
                assert.equal(replicasOf(stack, "Deployment", "milvus-monitor"), 1);
                assert.equal(replicasOf(stack, "Deployment", "milvus-workers"), expected.workers);
            }
        });

        test("Milvus servers ask for one GPU each and run on GPU nodes", () => {
            for (const [kind, name] of [
                ["Deployment", "milvus-wo-servers"],
                ["StatefulSet", "milvus-ro-servers"],
            ]) {
                const workload = findObject(stack, kind, name);
                const resources = mainContainer(workload).resources as k8s.types.output.core.v1.ResourceRequirements;
                assert.equal((resources.limits as Record<string, string>)["nvidia.com/gpu"], "1", name);
                assert.equal((resources.requests as Record<string, string>)["nvidia.com/gpu"], "1", name);
                const spec = podSpec(workload);
                assert.deepEqual(spec.nodeSelector, { "nvidia.com/gpu.present": "true" });
                assert.deepEqual(spec.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
            }
            const plugin = findObject(stack, "DaemonSet", "nvidia-device-plugin-daemonset");
            assert.equal(plugin.metadata?.namespace, "kube-system");
            assert.match(String(mainContainer(plugin).image), /^nvcr\.io\/nvidia\/k8s-device-plugin:v\d+\.\d+\.\d+$/);
        });

        test("the write-only node never runs twice: Recreate strategy", () => {
            const spec = findObject(stack, "Deployment", "milvus-wo-servers").spec as { strategy: { type: string } };
            assert.equal(spec.strategy.type, "Recreate");
        });

        test("volumes: shared ReadWriteMany data and log claims sized by the stack", () => {
            const data = findObject(stack, "PersistentVolumeClaim", "milvus-data-disk")
                .spec as k8s.types.output.core.v1.PersistentVolumeClaimSpec;
            const logs = findObject(stack, "PersistentVolumeClaim", "milvus-log-disk")
                .spec as k8s.types.output.core.v1.PersistentVolumeClaimSpec;
            assert.deepEqual(data.accessModes, ["ReadWriteMany"]);
            assert.deepEqual(logs.accessModes, ["ReadWriteMany"]);
            assert.equal(data.resources.requests.storage, expected.dataSize);
        });

        test("Milvus pods are scrapeable by Prometheus", () => {
            const annotations = findObject(stack, "StatefulSet", "milvus-ro-servers").spec as {
                template: { metadata: { annotations: Record<string, string> } };
            };
            assert.equal(annotations.template.metadata.annotations["prometheus.io/scrape"], "true");
            assert.equal(annotations.template.metadata.annotations["prometheus.io/port"], String(expected.metricsPort));
        });

        test("outputs expose the proxy endpoint and no credential", () => {
            assert.equal(stack.outputs.proxyEndpoint, `milvus-proxy-servers.${expected.namespace}.svc.cluster.local:19530`);
            assert.equal(stack.outputs.namespace, expected.namespace);
            assert.equal(stack.outputs.mode, "cluster");
            assert.equal(stack.outputs.release, celery ? "0.4" : "1.1");
            assert.doesNotMatch(JSON.stringify(stack.outputs), /mockpw/);
        });

        test("everything but the device plugin lives in the stack's namespace, which the stack creates", () => {
            assert.deepEqual(namesOfKind(stack, "Namespace"), [expected.namespace]);
            for (const object of allObjects(stack).filter((o) => o.kind !== "Namespace")) {
                const where = object.kind === "DaemonSet" ? "kube-system" : expected.namespace;
                assert.equal(object.metadata?.namespace, where, `${object.kind} ${object.metadata?.name}`);
            }
        });
    });
}

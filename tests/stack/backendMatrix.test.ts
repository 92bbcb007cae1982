// Whole-stack tests over every metastore x storage x MQ combination the config allows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mqBackends, resultBackends } from "../../components/config/parseClusterConfig";
import { configFile, namesOfKind } from "../helpers/kubeQueries";
import { renderStack } from "../helpers/renderStack";

/** The parts of a 0.3/0.4 `config.yml` these tests read. */
interface SeedConfigYml {
    server_config: { mode: string };
    db_config: { db_backend_url: string };
}

/** The parts of a 0.10/1.1 `config.yml` these tests read. */
interface V05ConfigYml {
    cluster: { enable: boolean; role: string };
    general: { meta_uri: string };
    storage: { path: string; s3_enabled?: boolean; s3_address?: string; s3_port?: number; s3_bucket?: string; s3_access_key?: string };
}

const brokerPrefix = {
    redis: "redis://:$(BROKER_PASSWORD)@milvus-redis:6379/0",
    rabbitmq: "amqp://milvus:$(BROKER_PASSWORD)@milvus-rabbitmq:5672/milvus",
    mysql: "sqla+mysql://milvus:$(BROKER_PASSWORD)@milvus-mysql:3306/milvus",
    postgresql: "sqla+postgresql://milvus:$(BROKER_PASSWORD)@milvus-postgresql:5432/celery",
    mongodb: "mongodb://milvus:$(BROKER_PASSWORD)@milvus-mongodb:27017/celery?authSource=admin",
} as const;

const resultPrefix = {
    redis: "redis://:$(RESULT_BACKEND_PASSWORD)@milvus-redis:6379/1",
    mysql: "db+mysql://milvus:$(RESULT_BACKEND_PASSWORD)@milvus-mysql:3306/milvus",
    postgresql: "db+postgresql://milvus:$(RESULT_BACKEND_PASSWORD)@milvus-postgresql:5432/celery",
    mongodb: "mongodb://milvus:$(RESULT_BACKEND_PASSWORD)@milvus-mongodb:27017/celery?authSource=admin",
} as const;

const brokerServices = ["milvus-mongodb", "milvus-postgresql", "milvus-rabbitmq"];

describe("seed line (0.4), cluster mode: MySQL metastore x broker x result backend", () => {
    for (const storage of ["local"] as const) {
        for (const mq of mqBackends) {
            for (const result of resultBackends) {
                test(`storage=${storage} mq=${mq} resultBackend=${result}`, async () => {
                    const stack = await renderStack({
                        namespace: "matrix",
                        mode: "cluster",
                        milvus: { release: "0.4" },
                        metastore: { backend: "mysql" },
                        storage: { backend: storage },
                        mq: { backend: mq, resultBackend: result },
                    });
                    const celery = configFile<Record<string, string>>(stack, "milvus-celery-configmap", "milvus_celery_config.yml");
                    assert.equal(celery.CELERY_BROKER_URL, brokerPrefix[mq]);
                    assert.equal(celery.CELERY_BACKEND_URL, resultPrefix[result]);

                    // Exactly the broker servers in use are deployed.
                    const wanted = new Set([`milvus-${mq}`, `milvus-${result}`]);
                    const services = namesOfKind(stack, "Service");
                    for (const name of brokerServices) {
                        assert.equal(services.includes(name), wanted.has(name), name);
                    }
                    assert.ok(services.includes("milvus-mysql") && services.includes("milvus-redis"));

                    const wo = configFile<SeedConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
                    assert.equal(wo.server_config.mode, "cluster");
                    assert.ok(!services.includes("milvus-minio"));
                    assert.ok(namesOfKind(stack, "PersistentVolumeClaim").includes("milvus-data-disk"));
                });
            }
        }
    }
});

describe("releases 0.10 and 1.1, cluster mode: MySQL metastore x storage", () => {
    for (const [release, storages] of [
        ["1.1", ["local", "s3"]],
        ["0.10", ["local"]],
    ] as const) {
        for (const storage of storages) {
            test(`release=${release} storage=${storage}: servers, Mishards and MySQL; no Celery tier, no Redis`, async () => {
                const stack = await renderStack({
                    namespace: "matrix",
                    mode: "cluster",
                    milvus: { release },
                    metastore: { backend: "mysql" },
                    storage: { backend: storage },
                });
                const services = namesOfKind(stack, "Service");
                for (const name of ["milvus-redis", ...brokerServices, "milvus-flower"]) {
                    assert.ok(!services.includes(name), name);
                }
                assert.deepEqual(namesOfKind(stack, "Deployment"), ["milvus-proxy", "milvus-wo-servers"]);
                assert.ok(!namesOfKind(stack, "ConfigMap").includes("milvus-celery-configmap"));
                const wo = configFile<V05ConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
                const ro = configFile<V05ConfigYml>(stack, "milvus-roserver-configmap", "config.yml");
                assert.deepEqual([wo.cluster, ro.cluster], [
                    { enable: true, role: "rw" },
                    { enable: true, role: "ro" },
                ]);
                assert.equal(wo.general.meta_uri, "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus");
                const claims = namesOfKind(stack, "PersistentVolumeClaim");
                if (storage === "s3") {
                    assert.equal(wo.storage.s3_enabled, true);
                    assert.equal(wo.storage.s3_address, "milvus-minio");
                    assert.equal(wo.storage.s3_port, 9000);
                    assert.equal(wo.storage.s3_bucket, "milvus");
                    assert.equal(wo.storage.s3_access_key, "$(S3_ACCESS_KEY)");
                    assert.ok(services.includes("milvus-minio"));
                    assert.ok(!claims.includes("milvus-data-disk"));
                    assert.equal(namesOfKind(stack, "Job").length, 1, "the bucket is made by one Job");
                } else {
                    assert.equal(wo.storage.s3_enabled, undefined);
                    assert.ok(!services.includes("milvus-minio"));
                    assert.ok(claims.includes("milvus-data-disk"));
                }
            });
        }
    }
});

describe("single mode", () => {
    for (const metastore of ["sqlite", "mysql"] as const) {
        for (const storage of ["local", "s3"] as const) {
            test(`metastore=${metastore} storage=${storage}: one server, no read-only nodes, no Celery`, async () => {
                const stack = await renderStack({
                    namespace: "single",
                    mode: "single",
                    metastore: { backend: metastore },
                    storage: { backend: storage },
                });
                const config = configFile<V05ConfigYml>(stack, "milvus-server-configmap", "config.yml");
                assert.deepEqual(config.cluster, { enable: false, role: "rw" });
                assert.equal(
                    config.general.meta_uri,
                    metastore === "sqlite" ? "sqlite://:@:/" : "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
                );
                assert.deepEqual(namesOfKind(stack, "Deployment"), ["milvus-server"]);
                assert.deepEqual(namesOfKind(stack, "StatefulSet"), [
                    ...(metastore === "mysql" ? ["milvus-mysql"] : []),
                    ...(storage === "s3" ? ["milvus-minio"] : []),
                ].sort());
                assert.ok(!namesOfKind(stack, "ConfigMap").includes("milvus-celery-configmap"));
                assert.equal(stack.outputs.proxyEndpoint, "milvus-server.single.svc.cluster.local:19530");
            });
        }
    }
});

describe("external backing services", () => {
    test("external MySQL and Redis keep the seed's Service names and deploy no server", async () => {
        const stack = await renderStack({
            namespace: "ext",
            milvus: { release: "0.4" },
            mysql: { external: { host: "db.example.internal", port: 3307, existingSecret: { name: "db-login", key: "pw" } } },
            redis: { external: { host: "10.1.2.3", port: 6380 } },
        });
        assert.deepEqual(namesOfKind(stack, "StatefulSet"), ["milvus-ro-servers"]);
        const services = namesOfKind(stack, "Service");
        assert.ok(services.includes("milvus-mysql") && services.includes("milvus-redis"));
        assert.deepEqual(namesOfKind(stack, "EndpointSlice"), ["milvus-redis-external"]);
        const wo = configFile<SeedConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
        assert.equal(wo.db_config.db_backend_url, "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3307/milvus");
        const celery = configFile<Record<string, string>>(stack, "milvus-celery-configmap", "milvus_celery_config.yml");
        assert.equal(celery.CELERY_BROKER_URL, "redis://milvus-redis:6380/0", "a Redis without password has no credentials in its URL");
        assert.ok(!namesOfKind(stack, "Secret").includes("milvus-mysql-credentials"), "the existing Secret is used");
    });

    test("external S3 endpoint: no MinIO, keys from a Secret made of secret config", async () => {
        const stack = await renderStack({
            namespace: "ext",
            storage: {
                backend: "s3",
                s3: { endpoint: "s3.example.com:8080", bucket: "vectors", accessKey: "AKIA", secretKey: "s3cr3t" },
            },
        });
        assert.ok(!namesOfKind(stack, "Service").includes("milvus-minio"));
        assert.deepEqual(namesOfKind(stack, "Job"), []);
        const wo = configFile<V05ConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
        // Milvus 1.1.1 takes a bare host name and speaks plain HTTP (core/src/storage/s3/S3ClientWrapper.cpp).
        assert.equal(wo.storage.s3_address, "s3.example.com");
        assert.equal(wo.storage.s3_port, 8080);
        assert.equal(wo.storage.s3_bucket, "vectors");
        assert.ok(namesOfKind(stack, "Secret").includes("milvus-s3-credentials"));
    });
});

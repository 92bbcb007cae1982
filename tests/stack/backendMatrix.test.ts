// Whole-stack tests over every metastore x storage x MQ combination the config allows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mqBackends, resultBackends } from "../../components/config/parseClusterConfig";
import { configFile, namesOfKind } from "../helpers/kubeQueries";
import { renderStack } from "../helpers/renderStack";

interface MilvusConfigYml {
    server_config: { mode: string };
    db_config: { db_backend_url: string };
    storage_config?: { s3_enable: boolean; s3_address: string; s3_port: number; s3_bucket: string; s3_access_key: string };
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

describe("cluster mode: MySQL metastore x storage x broker x result backend", () => {
    for (const storage of ["local", "s3"] as const) {
        for (const mq of mqBackends) {
            for (const result of resultBackends) {
                test(`storage=${storage} mq=${mq} resultBackend=${result}`, async () => {
                    const stack = await renderStack({
                        namespace: "matrix",
                        mode: "cluster",
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

                    const wo = configFile<MilvusConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
                    const claims = namesOfKind(stack, "PersistentVolumeClaim");
                    if (storage === "s3") {
                        assert.equal(wo.storage_config?.s3_address, "milvus-minio");
                        assert.equal(wo.storage_config?.s3_port, 9000);
                        assert.equal(wo.storage_config?.s3_bucket, "milvus");
                        assert.equal(wo.storage_config?.s3_access_key, "$(S3_ACCESS_KEY)");
                        assert.ok(services.includes("milvus-minio"));
                        assert.ok(!claims.includes("milvus-data-disk"));
                        assert.equal(namesOfKind(stack, "Job").length, 1, "the bucket is made by one Job");
                    } else {
                        assert.equal(wo.storage_config, undefined);
                        assert.ok(!services.includes("milvus-minio"));
                        assert.ok(claims.includes("milvus-data-disk"));
                    }
                });
            }
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
                const config = configFile<MilvusConfigYml>(stack, "milvus-server-configmap", "config.yml");
                assert.equal(config.server_config.mode, "single");
                assert.equal(
                    config.db_config.db_backend_url,
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
            mysql: { external: { host: "db.example.internal", port: 3307, existingSecret: { name: "db-login", key: "pw" } } },
            redis: { external: { host: "10.1.2.3", port: 6380 } },
        });
        assert.deepEqual(namesOfKind(stack, "StatefulSet"), ["milvus-ro-servers"]);
        const services = namesOfKind(stack, "Service");
        assert.ok(services.includes("milvus-mysql") && services.includes("milvus-redis"));
        assert.deepEqual(namesOfKind(stack, "EndpointSlice"), ["milvus-redis-external"]);
        const wo = configFile<MilvusConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
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
                s3: { endpoint: "s3.example.com:443", bucket: "vectors", useSsl: true, accessKey: "AKIA", secretKey: "s3cr3t" },
            },
        });
        assert.ok(!namesOfKind(stack, "Service").includes("milvus-minio"));
        assert.deepEqual(namesOfKind(stack, "Job"), []);
        const wo = configFile<MilvusConfigYml>(stack, "milvus-woserver-configmap", "config.yml");
        assert.equal(wo.storage_config?.s3_address, "https://s3.example.com");
        assert.equal(wo.storage_config?.s3_port, 443);
        assert.equal(wo.storage_config?.s3_bucket, "vectors");
        assert.ok(namesOfKind(stack, "Secret").includes("milvus-s3-credentials"));
    });
});

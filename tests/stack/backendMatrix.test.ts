// Whole-stack tests over every metastore x storage x MQ combination the config allows.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError } from "../../components/config/configError";
import { RawConfig } from "../../components/config/configReader";
import { mqBackends, resultBackends } from "../../components/celery/celeryBackends";
import { MqBackend, ResultBackend } from "../../components/config/types";
import { configFile, dotenvConfigFile, namesOfKind } from "../helpers/kubeQueries";
import { renderStack, runProgram } from "../helpers/renderStack";

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

// The URL forms kombu 4.6.3 and celery 4.3.0 read, with the drivers the celery-apps image has
// (XuPeng-SH/celery_project cc1fef5 requirements.txt: mysql-connector-python, no psycopg2, no pymongo).
const brokerUrls: Partial<Record<MqBackend, string>> = {
    redis: "redis://:$(BROKER_PASSWORD)@milvus-redis:6379/0",
    rabbitmq: "amqp://milvus:$(BROKER_PASSWORD)@milvus-rabbitmq:5672/milvus",
    mongodb: "mongodb://milvus:$(BROKER_PASSWORD)@milvus-mongodb:27017/celery?authSource=admin",
};

const resultUrls = {
    redis: "redis://:$(RESULT_BACKEND_PASSWORD)@milvus-redis:6379/1",
    mysql: "db+mysql+mysqlconnector://milvus:$(RESULT_BACKEND_PASSWORD)@milvus-mysql:3306/milvus",
    postgresql: "db+postgresql+psycopg2://milvus:$(RESULT_BACKEND_PASSWORD)@milvus-postgresql:5432/celery",
    mongodb: "mongodb://milvus:$(RESULT_BACKEND_PASSWORD)@milvus-mongodb:27017/celery?authSource=admin",
} as const;

/** What each store needs of the image or why it can never serve; undefined: it works as published. */
const brokerNeeds: Record<MqBackend, "pymongo" | "never" | undefined> = {
    redis: undefined,
    rabbitmq: undefined,
    // kombu's SQLAlchemy transport carries no events: the monitor and Flower would see nothing.
    mysql: "never",
    postgresql: "never",
    mongodb: "pymongo",
};
const resultNeeds: Record<ResultBackend, "pymongo" | "psycopg2" | undefined> = {
    redis: undefined,
    mysql: undefined,
    postgresql: "psycopg2",
    mongodb: "pymongo",
};

const brokerServices = ["milvus-mongodb", "milvus-postgresql", "milvus-rabbitmq"];

const seedMatrix = (mq: MqBackend, resultBackend: ResultBackend, imageDrivers: string[]): RawConfig => ({
    namespace: "matrix",
    mode: "cluster",
    milvus: { release: "0.4" },
    metastore: { backend: "mysql" },
    storage: { backend: "local" },
    mq: { backend: mq, resultBackend, ...(imageDrivers.length > 0 ? { imageDrivers } : {}) },
    // The stock Flower image has no pymongo either: a MongoDB broker needs a Flower image of one's own.
    ...(mq === "mongodb" ? { images: { flower: "registry.example.com/flower-pymongo:2.0.1" } } : {}),
});

describe("seed line (0.4), cluster mode: MySQL metastore x broker x result backend", () => {
    for (const mq of mqBackends) {
        for (const result of resultBackends) {
            const drivers = [...new Set([brokerNeeds[mq], resultNeeds[result]])].filter(
                (d): d is "pymongo" | "psycopg2" => d !== undefined && d !== "never",
            );
            if (brokerNeeds[mq] === "never" || drivers.length > 0) {
                test(`mq=${mq} resultBackend=${result} with the published image: refused, nothing registered`, async () => {
                    const run = await runProgram(seedMatrix(mq, result, []), "matrix");
                    assert.ok(run.error instanceof ConfigError, `expected a ConfigError, got ${String(run.error)}`);
                    const keys = run.error.problems.map((p) => p.key);
                    if (brokerNeeds[mq] !== undefined) {
                        assert.ok(keys.includes("milvus-cluster:mq.backend"), keys.join(", "));
                    }
                    if (resultNeeds[result] !== undefined) {
                        assert.ok(keys.includes("milvus-cluster:mq.resultBackend"), keys.join(", "));
                    }
                    for (const problem of run.error.problems) {
                        assert.match(problem.allowed, /no fanout|no pymongo|no psycopg2/, problem.allowed);
                    }
                    assert.deepEqual(run.resources, []);
                });
            }
            if (brokerNeeds[mq] === "never") {
                test(`mq=${mq}: refused even when the image is said to have every driver (no events)`, async () => {
                    const run = await runProgram(seedMatrix(mq, result, ["psycopg2", "pymongo"]), "matrix");
                    assert.ok(run.error instanceof ConfigError);
                    const problem = run.error.problems.find((p) => p.key === "milvus-cluster:mq.backend");
                    assert.ok(problem !== undefined && /monitor/.test(problem.allowed), problem?.allowed);
                });
                continue;
            }
            test(`mq=${mq} resultBackend=${result}${drivers.length > 0 ? ` with ${drivers.join(", ")} in the image` : ""}`, async () => {
                const stack = await renderStack(seedMatrix(mq, result, drivers));
                const celery = dotenvConfigFile(stack, "milvus-celery-configmap", "milvus_celery_config.yml");
                assert.equal(celery.CELERY_BROKER_URL, brokerUrls[mq] ?? assert.fail(`no URL expected for ${mq}`));
                assert.equal(celery.CELERY_BACKEND_URL, resultUrls[result]);

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

    test("a driver listed in mq.imageDrivers that no chosen store uses is refused", async () => {
        const run = await runProgram(seedMatrix("redis", "redis", ["pymongo"]), "matrix");
        assert.ok(run.error instanceof ConfigError);
        assert.deepEqual(
            run.error.problems.map((p) => p.key),
            ["milvus-cluster:mq.imageDrivers"],
        );
    });
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
                assert.deepEqual(
                    [wo.cluster, ro.cluster],
                    [
                        { enable: true, role: "rw" },
                        { enable: true, role: "ro" },
                    ],
                );
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
                assert.deepEqual(
                    namesOfKind(stack, "StatefulSet"),
                    [...(metastore === "mysql" ? ["milvus-mysql"] : []), ...(storage === "s3" ? ["milvus-minio"] : [])].sort(),
                );
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
        const celery = dotenvConfigFile(stack, "milvus-celery-configmap", "milvus_celery_config.yml");
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

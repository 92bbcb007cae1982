// The stack outputs `backendEndpoints` (keyed by role, plain `host:port`) and `celeryBrokerUrl` (masked).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderStack } from "../helpers/renderStack";
import { scenarios } from "../helpers/scenarios";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

const hostPort = /^[a-z0-9.-]+:[0-9]+$/;

describe("backendEndpoints: by role, host:port only", () => {
    test("release 1.1 on MinIO: the metastore and the object storage", async () => {
        const { outputs } = await renderStack(scenarios["release 1.1 on MinIO"]());
        assert.deepEqual(outputs.backendEndpoints, { metastore: "milvus-mysql:3306", objectStorage: "milvus-minio:9000" });
        assert.equal(outputs.celeryBrokerUrl, undefined);
    });

    test("single mode on SQLite and local storage: no backing service", async () => {
        const { outputs } = await renderStack(scenarios["single mode, SQLite, local storage"]());
        assert.deepEqual(outputs.backendEndpoints, {});
    });

    const seedLines = [
        {
            what: "the seed's line on RabbitMQ and PostgreSQL: the broker and result backend by role, not by kind",
            config: scenarios["seed line: RabbitMQ broker, PostgreSQL results"](),
            celery: { broker: "milvus-rabbitmq:5672", resultBackend: "milvus-postgresql:5432" },
            brokerUrl: "amqp://milvus:****@milvus-rabbitmq:5672/milvus",
        },
        {
            what: "the seed's line on Redis alone: one server plays the cache, the broker and the result backend",
            config: loadStackFile("seed"),
            celery: { broker: "milvus-redis:6379", resultBackend: "milvus-redis:6379" },
            brokerUrl: "redis://:****@milvus-redis:6379/0",
        },
    ];
    for (const { what, config, celery, brokerUrl } of seedLines) {
        test(what, async () => {
            const { outputs } = await renderStack(config);
            assert.deepEqual(outputs.backendEndpoints, { metastore: "milvus-mysql:3306", cache: "milvus-redis:6379", ...celery });
            assert.equal(outputs.celeryBrokerUrl, brokerUrl);
        });
    }

    test("external servers: their own address for object storage, the in-namespace Service for MySQL", async () => {
        const { outputs } = await renderStack(scenarios["external MySQL and S3"]());
        assert.deepEqual(outputs.backendEndpoints, { metastore: "milvus-mysql:3306", objectStorage: "s3.example.com:80" });
    });

    test("every value is a plain host:port, with no password and no URL", async () => {
        const config = withOverrides(loadStackFile("seed"), {
            mq: { backend: "mongodb", resultBackend: "mysql", imageDrivers: ["pymongo"] },
            flower: { enabled: false },
        });
        const { outputs } = await renderStack(config);
        const endpoints = outputs.backendEndpoints as Record<string, string>;
        assert.deepEqual(Object.keys(endpoints).sort(), ["broker", "cache", "metastore", "resultBackend"]);
        for (const value of Object.values(endpoints)) {
            assert.match(value, hostPort);
        }
        assert.equal(endpoints.resultBackend, "milvus-mysql:3306");
    });
});

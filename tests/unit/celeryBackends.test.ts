import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { brokerStore, celeryBackend, mqBackends, resultBackends, resultStore } from "../../components/celery/celeryBackends";
import { backingServicesInUse } from "../../components/config/backingServicesInUse";
import { MqBackend, ResultBackend } from "../../components/config/types";
import { ServiceConnection } from "../../components/backing/serviceConnection";

const secret = { name: "creds", key: "password" };
const redis: ServiceConnection = { host: "milvus-redis", port: 6379, user: "", database: "0", password: secret };
const postgresql: ServiceConnection = { host: "milvus-postgresql", port: 5432, user: "milvus", database: "celery", password: secret };

type InUseConfig = Parameters<typeof backingServicesInUse>[0];
const seedConfig = (backend: MqBackend, resultBackend: ResultBackend, overrides: Partial<InUseConfig> = {}): InUseConfig => ({
    release: "0.4",
    mode: "cluster",
    metastore: { backend: "mysql" },
    storage: { backend: "local", s3: { bucket: "milvus", useSsl: false } },
    mq: { backend, resultBackend, imageDrivers: [] },
    ...overrides,
});

describe("celeryBackends: the allowed values come from the table", () => {
    test("mq.backend and mq.resultBackend accept the kinds the seed's line knows, in this order", () => {
        assert.deepEqual(mqBackends, ["redis", "rabbitmq", "mysql", "postgresql", "mongodb"]);
        assert.deepEqual(resultBackends, ["redis", "mysql", "postgresql", "mongodb"]);
    });
    test("RabbitMQ keeps no results", () => {
        assert.equal(celeryBackend("rabbitmq").result, undefined);
    });
    test("every kind runs on the backing service of its own name", () => {
        for (const kind of mqBackends) {
            assert.equal(celeryBackend(kind).service, kind);
        }
    });
});

describe("celery stores: Redis roles on their own logical databases", () => {
    test("a Redis broker on database 0, Redis results on database 1", () => {
        assert.equal(brokerStore("redis", { ...redis, database: "7" }).connection.database, "0");
        assert.equal(resultStore("redis", { ...redis, database: "7" }).connection.database, "1");
    });
    test("other kinds keep the server's own database", () => {
        assert.deepEqual(resultStore("postgresql", postgresql), { kind: "postgresql", connection: postgresql });
        assert.deepEqual(brokerStore("postgresql", postgresql).connection, postgresql);
    });
});

describe("backingServicesInUse", () => {
    test("the seed's line: MySQL, Redis and the broker's and result backend's servers", () => {
        assert.deepEqual([...backingServicesInUse(seedConfig("rabbitmq", "postgresql"))].sort(), [
            "mysql",
            "postgresql",
            "rabbitmq",
            "redis",
        ]);
        assert.deepEqual([...backingServicesInUse(seedConfig("redis", "redis"))].sort(), ["mysql", "redis"]);
        assert.deepEqual([...backingServicesInUse(seedConfig("mongodb", "mysql"))].sort(), ["mongodb", "mysql", "redis"]);
    });
    test("no Celery tier (release 1.1, or single mode): no Redis and no broker, whatever mq says", () => {
        assert.deepEqual([...backingServicesInUse(seedConfig("rabbitmq", "mongodb", { release: "1.1" }))], ["mysql"]);
        assert.deepEqual(
            [...backingServicesInUse(seedConfig("rabbitmq", "mongodb", { mode: "single", metastore: { backend: "sqlite" } }))],
            [],
        );
    });
    test("MinIO only for S3 without an external endpoint", () => {
        const s3 = (endpoint?: string): Partial<InUseConfig> => ({
            release: "1.1",
            storage: { backend: "s3", s3: { bucket: "milvus", useSsl: false, endpoint } },
        });
        assert.deepEqual([...backingServicesInUse(seedConfig("redis", "redis", s3()))].sort(), ["minio", "mysql"]);
        assert.deepEqual([...backingServicesInUse(seedConfig("redis", "redis", s3("s3.example.com")))], ["mysql"]);
    });
});

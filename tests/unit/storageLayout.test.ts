import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseClusterConfig } from "../../components/config/parseClusterConfig";
import { quantityBytes } from "../../components/config/quantities";
import { destructiveChanges, replacementGuard } from "../../components/config/replacementGuard";
import { layoutFromOutput, storageLayout } from "../../components/config/storageLayout";

/** The seed's line: the release with the Celery tier, its Redis and broker. */
const seed = { milvus: { release: "0.4" } };
const layoutOf = (raw: Parameters<typeof parseClusterConfig>[0]) => storageLayout(parseClusterConfig(raw));
const refusedKeys = (before: Parameters<typeof parseClusterConfig>[0], after: Parameters<typeof parseClusterConfig>[0]): string[] =>
    destructiveChanges(layoutOf(before), layoutOf(after), "milvus-cluster").map((p) => p.key);

describe("quantityBytes", () => {
    test("binary and decimal suffixes", () => {
        assert.equal(quantityBytes("1Ki"), 1024);
        assert.equal(quantityBytes("20Gi"), 20 * 2 ** 30);
        assert.equal(quantityBytes("1Ti"), 2 ** 40);
        assert.equal(quantityBytes("100G"), 1e11);
        assert.equal(quantityBytes("1.5Gi"), 1.5 * 2 ** 30);
        assert.equal(quantityBytes("5"), 5);
    });
    test("not a quantity", () => {
        assert.equal(quantityBytes("20 GB"), undefined);
        assert.equal(quantityBytes("Gi"), undefined);
        assert.equal(quantityBytes("20Xi"), undefined);
    });
});

describe("storageLayout", () => {
    test("lists the backends, the in-cluster services in use with their volumes, and the shared claims", () => {
        const layout = layoutOf({ milvus: { release: "0.4" } });
        assert.equal(layout["milvus.release"], "0.4");
        assert.equal(layout.namespace, "milvus");
        assert.equal(layout["mq.backend"], "redis");
        assert.equal(layout["mysql.storage.size"], "10Gi");
        assert.equal(layout["mysql.storage.storageClass"], "(cluster default)");
        assert.equal(layout["redis.persistence"], "false");
        assert.equal(layout["redis.storage.size"], undefined, "a non-persistent Redis has no claim");
        assert.equal(layout["volumes.data.accessMode"], "ReadWriteMany");
        assert.equal(layout["rabbitmq.external"], undefined, "unused services are not listed");
    });
    test("release 1.1 lists no broker and no Redis: it has no Celery tier", () => {
        const layout = layoutOf({});
        assert.equal(layout["milvus.release"], "1.1");
        assert.equal(layout["mq.backend"], undefined);
        assert.equal(layout["redis.external"], undefined);
        assert.equal(layout["mysql.external"], "no");
    });
    test("an external service has no volume entries; S3 storage has no data claim", () => {
        const layout = layoutOf({
            mysql: { external: { host: "db.example.com", port: 3306, password: "x" } },
            storage: { backend: "s3" },
        });
        assert.equal(layout["mysql.external"], "yes");
        assert.equal(layout["mysql.storage.size"], undefined);
        assert.equal(layout["volumes.data.size"], undefined);
        assert.equal(layout["minio.storage.size"], "50Gi");
    });
});

describe("destructiveChanges", () => {
    test("nothing is refused on the first update (no previous layout) or for an unchanged one", () => {
        assert.deepEqual(destructiveChanges(undefined, layoutOf({}), "milvus-cluster"), []);
        assert.deepEqual(refusedKeys({}, {}), []);
    });
    test("routine changes pass: replicas, resources, images, config files, a growing shared claim", () => {
        assert.deepEqual(
            refusedKeys(
                {},
                {
                    readNodes: { replicas: 9 },
                    mysql: { image: "mysql:5.7.45", resources: { limits: { cpu: "3" } } },
                    milvus: { cpuCacheCapacityGb: 8 },
                    volumes: { logs: { size: "100Gi" }, data: { size: "1Ti" } },
                },
            ),
            [],
        );
    });
    test("a shrinking shared claim, a storage class or access-mode change are refused", () => {
        assert.deepEqual(refusedKeys({}, { volumes: { logs: { size: "1Gi" } } }), ["milvus-cluster:volumes.logs.size"]);
        assert.deepEqual(refusedKeys({}, { volumes: { data: { storageClass: "fast" } } }), ["milvus-cluster:volumes.data.storageClass"]);
    });
    test("any volume change of a backing StatefulSet is refused (its claim templates are immutable), growth included", () => {
        assert.deepEqual(refusedKeys({}, { mysql: { storage: { size: "20Gi" } } }), ["milvus-cluster:mysql.storage.size"]);
        assert.deepEqual(refusedKeys({ ...seed, redis: { persistence: true } }, { ...seed, redis: { persistence: false } }), [
            "milvus-cluster:redis.persistence",
        ]);
    });
    test("turning persistence on loses only an emptyDir, and is let through", () => {
        assert.deepEqual(refusedKeys({ ...seed, redis: { persistence: false } }, { ...seed, redis: { persistence: true } }), []);
    });
    test("a release change is refused unless it is the 0.10 → 1.1 upgrade", () => {
        assert.deepEqual(refusedKeys({ milvus: { release: "0.10" } }, { milvus: { release: "1.1" } }), []);
        assert.deepEqual(refusedKeys({ milvus: { release: "1.1" } }, { milvus: { release: "0.10" } }), ["milvus-cluster:milvus.release"]);
        // The seed's line also takes its Redis along, which the same update names.
        assert.ok(refusedKeys(seed, {}).includes("milvus-cluster:milvus.release"));
    });
    test("a stack deployed before milvus.release existed ran the 0.4 line: moving it to the 1.1 default is refused, naming the release", () => {
        const { "milvus.release": _release, ...before } = layoutOf({ mode: "single", milvus: { release: "0.4" } });
        assert.equal(_release, "0.4");
        const problems = destructiveChanges(before, layoutOf({ mode: "single" }), "milvus-cluster");
        assert.deepEqual(
            problems.map((p) => p.key),
            ["milvus-cluster:milvus.release"],
        );
        assert.equal(problems[0].given, '"1.1" (was "0.4")');
        // Setting the release it ran keeps it.
        assert.deepEqual(destructiveChanges(before, layoutOf({ mode: "single", milvus: { release: "0.4" } }), "milvus-cluster"), []);
    });
    test("a broker switch that deletes an in-cluster server is refused, naming the key that dropped it", () => {
        const [problem] = destructiveChanges(
            layoutOf({ ...seed, mq: { backend: "rabbitmq" } }),
            layoutOf({ ...seed, mq: { backend: "redis" } }),
            "milvus-cluster",
        );
        assert.equal(problem.key, "milvus-cluster:mq.backend");
        assert.equal(problem.given, '"redis" (was "rabbitmq")');
        assert.match(problem.allowed, /in-cluster rabbitmq is no longer used/);
    });
    test("a broker switch that keeps every server is let through (Redis always runs; MySQL stays the metastore)", () => {
        assert.deepEqual(refusedKeys(seed, { ...seed, mq: { backend: "rabbitmq" } }), []);
        assert.deepEqual(refusedKeys({ ...seed, mq: { resultBackend: "mysql" } }, { ...seed, mq: { resultBackend: "redis" } }), []);
    });
    test("a database or login rename, and no longer creating the namespace, are refused", () => {
        assert.deepEqual(refusedKeys({}, { mysql: { database: "vectors" } }), ["milvus-cluster:mysql.database"]);
        assert.deepEqual(refusedKeys({}, { createNamespace: false }), ["milvus-cluster:createNamespace"]);
        assert.deepEqual(refusedKeys({ createNamespace: false }, { createNamespace: true }), []);
    });
    test("backend switches, in-cluster ↔ external and a namespace change are refused", () => {
        assert.deepEqual(refusedKeys({}, { storage: { backend: "s3" } }), ["milvus-cluster:storage.backend"]);
        assert.deepEqual(refusedKeys({}, { namespace: "milvus-two" }), ["milvus-cluster:namespace"]);
        assert.deepEqual(refusedKeys({}, { mysql: { external: { host: "db.example.com", port: 3306, password: "x" } } }), [
            "milvus-cluster:mysql.external",
        ]);
    });
    test("a problem names the key, both values and the way through", () => {
        const [problem] = destructiveChanges(layoutOf({}), layoutOf({ volumes: { data: { storageClass: "fast" } } }), "milvus-cluster");
        assert.equal(problem.given, '"fast" (was "(cluster default)")');
        assert.match(problem.allowed, /immutable/);
        assert.match(problem.allowed, /milvus-cluster:protection\.allowReplacement/);
    });
    test("protection.allowReplacement lets the update through", () => {
        const refusedWithout = replacementGuard(
            layoutOf({}),
            layoutOf({ volumes: { data: { storageClass: "fast" } } }),
            false,
            "milvus-cluster",
        );
        assert.equal(refusedWithout.length, 1);
        assert.deepEqual(
            replacementGuard(layoutOf({}), layoutOf({ volumes: { data: { storageClass: "fast" } } }), true, "milvus-cluster"),
            [],
        );
    });
});

describe("layoutFromOutput", () => {
    test("accepts a map of strings, rejects anything else", () => {
        assert.deepEqual(layoutFromOutput({ namespace: "a" }), { namespace: "a" });
        for (const bad of [undefined, null, "x", ["a"], { namespace: 1 }]) {
            assert.equal(layoutFromOutput(bad), undefined);
        }
    });
});

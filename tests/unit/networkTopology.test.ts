import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DeployedTiers, networkTopology, PodPort } from "../../components/network/networkTopology";

const mysql: PodPort = { component: "mysql", port: 3306 };
const redis: PodPort = { component: "redis", port: 6379 };

const topology = (tiers: DeployedTiers, metricsPort?: number, backingServers: PodPort[] = [mysql]) =>
    networkTopology({ tiers, milvusPort: 19530, metricsPort, backingServers });

describe("networkTopology", () => {
    test("single mode: the server is the entry point and nobody else calls it", () => {
        assert.deepEqual(topology({ mode: "single" }, 9091), {
            backingServers: [mysql],
            backingClients: ["server", "proxy", "minio-make-bucket"],
            milvusServers: { components: ["server"], port: 19530, callers: [], metricsPort: 9091 },
            entryPoints: [{ component: "server", port: 19530 }],
            internalEntryPoints: [],
        });
    });

    test("cluster mode without the Celery tier: the proxy calls both server tiers and is the entry point", () => {
        assert.deepEqual(topology({ mode: "cluster" }, 9091), {
            backingServers: [mysql],
            backingClients: ["wo-server", "ro-server", "proxy", "minio-make-bucket"],
            milvusServers: { components: ["wo-server", "ro-server"], port: 19530, callers: ["proxy"], metricsPort: 9091 },
            entryPoints: [{ component: "proxy", port: 19530 }],
            internalEntryPoints: [],
        });
    });

    test("cluster mode with the Celery tier and Flower: the tier calls the servers, Flower is internal only", () => {
        const celeryTier = ["celery-monitor", "celery-worker", "flower"];
        assert.deepEqual(topology({ mode: "cluster", celery: { flower: true } }, 9091, [mysql, redis]), {
            backingServers: [mysql, redis],
            backingClients: ["wo-server", "ro-server", "proxy", ...celeryTier, "minio-make-bucket"],
            milvusServers: {
                components: ["wo-server", "ro-server"],
                port: 19530,
                callers: ["proxy", ...celeryTier],
                metricsPort: 9091,
            },
            entryPoints: [{ component: "proxy", port: 19530 }],
            internalEntryPoints: [{ component: "flower", port: 5555 }],
        });
    });

    test("Flower off: no internal entry point, the Celery tier's pods stay callers and backing clients", () => {
        const withFlower = topology({ mode: "cluster", celery: { flower: true } });
        const withoutFlower = topology({ mode: "cluster", celery: { flower: false } });
        assert.deepEqual(withoutFlower.internalEntryPoints, []);
        assert.deepEqual(withoutFlower.backingClients, withFlower.backingClients);
        assert.deepEqual(withoutFlower.milvusServers, withFlower.milvusServers);
    });

    test("metrics off: no metrics port for the servers, in either mode", () => {
        assert.equal(topology({ mode: "single" }).milvusServers.metricsPort, undefined);
        assert.equal(topology({ mode: "cluster", celery: { flower: true } }).milvusServers.metricsPort, undefined);
        assert.equal(topology({ mode: "cluster" }, 9100).milvusServers.metricsPort, 9100);
    });

    test("the entry points and server ports follow milvus.port", () => {
        const moved = networkTopology({ tiers: { mode: "cluster" }, milvusPort: 19531, backingServers: [] });
        assert.deepEqual(moved.entryPoints, [{ component: "proxy", port: 19531 }]);
        assert.equal(moved.milvusServers.port, 19531);
        assert.deepEqual(moved.backingServers, []);
    });
});

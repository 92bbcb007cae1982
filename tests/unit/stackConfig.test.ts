import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { rawConfigFromStack } from "../../components/config/stackConfig";

describe("rawConfigFromStack", () => {
    const allConfig: Record<string, string> = {
        "milvus-cluster:mode": "cluster",
        "milvus-cluster:namespace": "milvus-dev",
        "milvus-cluster:metastore": '{"backend":"mysql"}',
        "milvus-cluster:readNodes": '{"replicas":3,"resources":{"limits":{"memory":"16Gi"}}}',
        "milvus-cluster:imagePullSecrets": '["regcred","mirror"]',
        "milvus-cluster:rolloutTimeoutSeconds": "900",
        "milvus-cluster:createNamespace": "false",
        "milvus-cluster:gpu": '{"enabled":true,"perServer":2}',
        "kubernetes:context": "kind-milvus",
        "aws:region": "us-east-1",
        "milvus-cluster-other:mode": "single",
    };

    test("keeps only this project's keys, prefix stripped", () => {
        const raw = rawConfigFromStack(allConfig, "milvus-cluster");
        assert.deepEqual(Object.keys(raw).sort(), [
            "createNamespace",
            "gpu",
            "imagePullSecrets",
            "metastore",
            "mode",
            "namespace",
            "readNodes",
            "rolloutTimeoutSeconds",
        ]);
    });

    test("parses JSON objects, arrays, numbers and booleans; keeps plain strings", () => {
        assert.deepEqual(rawConfigFromStack(allConfig, "milvus-cluster"), {
            mode: "cluster",
            namespace: "milvus-dev",
            metastore: { backend: "mysql" },
            readNodes: { replicas: 3, resources: { limits: { memory: "16Gi" } } },
            imagePullSecrets: ["regcred", "mirror"],
            rolloutTimeoutSeconds: 900,
            createNamespace: false,
            gpu: { enabled: true, perServer: 2 },
        });
    });

    test("plain strings that are not JSON stay as the exact text", () => {
        const raw = rawConfigFromStack(
            { "milvus-cluster:mode": "single", "milvus-cluster:kubernetes": '{"context":"a b"}', "milvus-cluster:x": "{not json" },
            "milvus-cluster",
        );
        assert.equal(raw.mode, "single");
        assert.deepEqual(raw.kubernetes, { context: "a b" });
        assert.equal(raw.x, "{not json");
    });

    test("a JSON-quoted string is kept as its original text", () => {
        const raw = rawConfigFromStack({ "milvus-cluster:namespace": '"quoted"' }, "milvus-cluster");
        assert.equal(raw.namespace, '"quoted"');
    });

    test("another namespace picks its own keys", () => {
        assert.deepEqual(rawConfigFromStack(allConfig, "kubernetes"), { context: "kind-milvus" });
    });

    test("no keys gives an empty object", () => {
        assert.deepEqual(rawConfigFromStack({ "aws:region": "eu-west-1" }, "milvus-cluster"), {});
    });
});

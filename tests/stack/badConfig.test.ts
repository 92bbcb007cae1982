// Bad stack config stops the program before a single resource is registered, naming every problem.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../components/config/configError";
import { RawConfig } from "../../components/config/configReader";
import { renderStack, runProgram } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

const refused = async (config: RawConfig): Promise<ConfigError> => {
    try {
        await renderStack(config);
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
        return error;
    }
    assert.fail("the program accepted bad config");
};

test("a stack with many mistakes lists them all and registers nothing", async () => {
    const config = withOverrides(loadStackFile("seed"), {
        namespace: "Milvus_Dev",
        mode: "cluster",
        metastore: { backend: "sqlite" },
        mq: { backend: "kafka" },
        writeNode: { replicas: 2 },
        readNodes: { replicas: 0 },
        proxy: { replicas: 1.5 },
        gpu: { enabled: "yes" },
    });
    let registered = -1;
    try {
        await renderStack(config);
    } catch (error) {
        assert.ok(error instanceof ConfigError);
        const keys = error.problems.map((p) => p.key).sort();
        assert.deepEqual(keys, [
            "milvus-cluster:gpu.enabled",
            "milvus-cluster:metastore.backend",
            "milvus-cluster:mq.backend",
            "milvus-cluster:namespace",
            "milvus-cluster:proxy.replicas",
            "milvus-cluster:readNodes.replicas",
            "milvus-cluster:writeNode.replicas",
        ]);
        assert.match(error.message, /milvus-cluster:namespace: got "Milvus_Dev"; expected a DNS-1123 label/);
        registered = 0;
    }
    assert.equal(registered, 0, "the program must throw");
});

test("nothing is registered when config is refused, not even the provider", async () => {
    const run = await runProgram({ metastore: { backend: "etcd" }, readNodes: { replicas: 0 } });
    assert.ok(run.error instanceof ConfigError);
    assert.deepEqual(run.resources, []);
    const accepted = await runProgram({ metastore: { backend: "mysql" } });
    assert.equal(accepted.error, undefined);
    assert.ok(accepted.resources.length > 20, "the same harness does see the resources of good config");
});

test("etcd is refused as not supported by Milvus yet", async () => {
    const error = await refused({ metastore: { backend: "etcd" } });
    assert.equal(error.problems[0].key, "milvus-cluster:metastore.backend");
    assert.equal(error.problems[0].given, '"etcd"');
    assert.match(error.problems[0].allowed, /not supported by Milvus yet/);
});

test("a typo in a key is refused, not silently ignored", async () => {
    const error = await refused({ readNode: { replicas: 3 }, gpu: { enabeld: false } });
    const allowed = Object.fromEntries(error.problems.map((p) => [p.key, p.allowed]));
    assert.deepEqual(Object.keys(allowed).sort(), ["milvus-cluster:gpu.enabeld", "milvus-cluster:readNode"]);
    assert.match(allowed["milvus-cluster:gpu.enabeld"], /known keys here: .*enabled/);
    assert.match(allowed["milvus-cluster:readNode"], /known keys here: .*readNodes/);
});

// The program reads its own last storageLayout output and refuses an update that would replace stored data.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError } from "../../components/config/configError";
import { runProgram } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

const lastUpdate = async (): Promise<Record<string, unknown>> => {
    const run = await runProgram(loadStackFile("prod"), "prod");
    assert.equal(run.error, undefined);
    return run.outputs;
};

test("the stack exports its storage layout for the next update to compare against", async () => {
    const outputs = await lastUpdate();
    const layout = outputs.storageLayout as Record<string, string>;
    assert.equal(layout.namespace, "milvus-prod");
    assert.equal(layout["volumes.data.size"], "1Ti");
});

test("re-running with the same config, or a routine change, registers everything as before", async () => {
    const previous = await lastUpdate();
    const same = await runProgram(loadStackFile("prod"), "prod", previous);
    assert.equal(same.error, undefined);
    const scaled = await runProgram(
        withOverrides(loadStackFile("prod"), { readNodes: { replicas: 6 }, volumes: { data: { size: "2Ti" } } }),
        "prod",
        previous,
    );
    assert.equal(scaled.error, undefined);
});

test("a storage-class change and a database rename are refused together, before any Kubernetes object is registered", async () => {
    const previous = await lastUpdate();
    const run = await runProgram(
        withOverrides(loadStackFile("prod"), { volumes: { data: { storageClass: "premium-rwx" } }, mysql: { database: "vectors" } }),
        "prod",
        previous,
    );
    assert.ok(run.error instanceof ConfigError, String(run.error));
    assert.deepEqual(run.error.problems.map((p) => p.key).sort(), [
        "milvus-cluster:mysql.database",
        "milvus-cluster:volumes.data.storageClass",
    ]);
    assert.match(run.error.message, /volumes\.data\.storageClass: got "premium-rwx" \(was "\(cluster default\)"\); refused/);
    assert.deepEqual(
        run.resources.map((r) => r.type),
        ["pulumi:pulumi:StackReference"],
        "only the read of the stack's own outputs happened",
    );
});

test("protection.allowReplacement lets the same change through", async () => {
    const previous = await lastUpdate();
    const run = await runProgram(
        withOverrides(loadStackFile("prod"), {
            volumes: { data: { storageClass: "premium-rwx" } },
            protection: { allowReplacement: true },
        }),
        "prod",
        previous,
    );
    assert.equal(run.error, undefined);
});

test("protection.allowReplacement with nothing to allow is refused, so it cannot stay on unnoticed", async () => {
    const previous = await lastUpdate();
    const run = await runProgram(withOverrides(loadStackFile("prod"), { protection: { allowReplacement: true } }), "prod", previous);
    assert.ok(run.error instanceof ConfigError, String(run.error));
    assert.deepEqual(
        run.error.problems.map((p) => p.key),
        ["milvus-cluster:protection.allowReplacement"],
    );
    assert.match(run.error.message, /nothing to allow/);
    const firstDeploy = await runProgram(withOverrides(loadStackFile("prod"), { protection: { allowReplacement: true } }), "prod");
    assert.equal(firstDeploy.error, undefined, "before the first update there is no layout to compare with");
});

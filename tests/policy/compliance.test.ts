import assert from "node:assert/strict";
import { test } from "node:test";
import { violationsOf } from "../../policy/checkObjects";
import prodConfig from "../../policy/prod.json";
import { configMap, cronJob, daemonSet, deployment, defaultNamespace, job, namespace, pod, randomPassword, statefulSet } from "./fixtures";

// The baseline every other policy test starts from: if a builder's object broke a policy, a test that expects
// one violation would see two, and a test that expects none would be meaningless.

const everyKind = () => [
    namespace(defaultNamespace, true),
    deployment(),
    statefulSet({ claims: true, whenDeleted: "Retain", protect: true }),
    daemonSet(),
    job(),
    cronJob(),
    pod(),
    randomPassword("milvus-mysql-credentials-password", true),
    configMap("settings", { "config.yml": "db:\n  url: mysql://root:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus\n" }),
];

test("the fixtures' compliant objects of every kind break no policy with the default config", async () => {
    assert.deepEqual(await violationsOf(everyKind()), []);
});

test("with prod.json, the same objects break only the network-isolation policy, as they declare no NetworkPolicy", async () => {
    const violations = await violationsOf(everyKind(), prodConfig);
    assert.ok(violations.length > 0);
    assert.deepEqual([...new Set(violations.map((v) => v.policy))], ["backing-services-isolated"]);
});

// Rollouts: each workload's await time-out follows its roll, the read-only roll's width is opt-in, and
// operators' pod annotations reach exactly their tier's pods, under the program's own.
import assert from "node:assert/strict";
import { annotatedTiers } from "../../components/config/podAnnotations";
import { before, describe, test } from "node:test";
import { podTemplate } from "../helpers/kubeQueries";
import { DeclaredResource, KubeObject, kubernetesObjects, RenderedStack, renderStack } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

/** The declared workload of this kind and name, with its resource options. */
const workload = (stack: RenderedStack, kind: string, name: string): DeclaredResource => {
    const found = kubernetesObjects(stack).filter((r) => {
        const o = r.inputs as unknown as KubeObject;
        return o.kind === kind && o.metadata?.name === name;
    });
    assert.equal(found.length, 1, `one ${kind} ${name}`);
    return found[0];
};
const timeoutOf = (stack: RenderedStack, kind: string, name: string): string => {
    const { customTimeouts } = workload(stack, kind, name);
    assert.equal(customTimeouts.create, customTimeouts.update, `${kind} ${name}: create and update wait alike`);
    return customTimeouts.update;
};
const annotationsOf = (stack: RenderedStack, kind: string, name: string): Record<string, string> =>
    (podTemplate(workload(stack, kind, name).inputs as unknown as KubeObject).metadata?.annotations as Record<string, string>) ?? {};

/** Every tier with podAnnotations: its key, and its workload. */
const tiers: [string, string, string][] = [
    ["writeNode", "Deployment", "milvus-wo-servers"],
    ["readNodes", "StatefulSet", "milvus-ro-servers"],
    ["proxy", "Deployment", "milvus-proxy"],
    ["workers", "Deployment", "milvus-workers"],
    ["monitor", "Deployment", "milvus-monitor"],
    ["flower", "Deployment", "milvus-flower"],
];

test("the table above covers every tier that takes podAnnotations", () => {
    assert.deepEqual(
        tiers.map(([tier]) => tier),
        [...annotatedTiers],
    );
});

describe("rollouts: each workload waits as long as its roll needs", () => {
    let prod: RenderedStack;
    let dev: RenderedStack;
    let seed: RenderedStack;
    before(async () => {
        prod = await renderStack(loadStackFile("prod"), "prod");
        dev = await renderStack(loadStackFile("dev"), "dev");
        seed = await renderStack(loadStackFile("seed"), "seed");
    });

    test("prod (the defaults, 300 s + 120 s a step): the read-only StatefulSet 4 steps, the rolling proxy one per pod", () => {
        assert.equal(timeoutOf(prod, "StatefulSet", "milvus-ro-servers"), "780s");
        assert.equal(timeoutOf(prod, "Deployment", "milvus-proxy"), "660s");
        assert.equal(timeoutOf(prod, "Deployment", "milvus-wo-servers"), "420s");
        assert.equal(timeoutOf(prod, "StatefulSet", "milvus-mysql"), "420s");
        assert.equal(timeoutOf(prod, "DaemonSet", "nvidia-device-plugin-daemonset"), "900s");
    });

    test("dev (120 s + 60 s a step, its stack file): 2 read-only nodes wait 240 s", () => {
        assert.equal(timeoutOf(dev, "StatefulSet", "milvus-ro-servers"), "240s");
        assert.equal(timeoutOf(dev, "Deployment", "milvus-proxy"), "180s");
    });

    test("seed (the 0.4 line, 120 s + 60 s a step): the Celery tier's Deployments by their own rolls", () => {
        assert.equal(timeoutOf(seed, "Deployment", "milvus-workers"), "180s");
        assert.equal(timeoutOf(seed, "Deployment", "milvus-monitor"), "180s");
        assert.equal(timeoutOf(seed, "Deployment", "milvus-flower"), "180s");
    });

    test("100 read-only nodes: 12300 s by default; with maxUnavailable 10, 1500 s and the field on the StatefulSet", async () => {
        const hundred = await renderStack(withOverrides(loadStackFile("prod"), { readNodes: { replicas: 100 } }), "prod");
        assert.equal(timeoutOf(hundred, "StatefulSet", "milvus-ro-servers"), "12300s");
        const strategy = (s: RenderedStack): unknown =>
            (workload(s, "StatefulSet", "milvus-ro-servers").inputs.spec as { updateStrategy: unknown }).updateStrategy;
        assert.deepEqual(strategy(hundred), { type: "RollingUpdate", rollingUpdate: { partition: 0 } }, "unset: Kubernetes' one at a time");
        const wide = await renderStack(
            withOverrides(loadStackFile("prod"), { readNodes: { replicas: 100, rollingUpdate: { maxUnavailable: 10 } } }),
            "prod",
        );
        assert.equal(timeoutOf(wide, "StatefulSet", "milvus-ro-servers"), "1500s");
        assert.deepEqual(strategy(wide), { type: "RollingUpdate", rollingUpdate: { partition: 0, maxUnavailable: 10 } });
    });

    test("rolloutTimeoutSeconds, where set, is every workload's", async () => {
        const fixed = await renderStack(withOverrides(loadStackFile("seed"), { rolloutTimeoutSeconds: 1200 }), "seed");
        for (const [, kind, name] of tiers) {
            assert.equal(timeoutOf(fixed, kind, name), "1200s", `${kind} ${name}`);
        }
    });
});

describe("rollouts: <tier>.podAnnotations", () => {
    test("each tier's annotation lands on its pods only, beside the program's own annotations, unchanged", async () => {
        // seed: the 0.4 line, the one with all six tiers
        const base = await renderStack(loadStackFile("seed"), "seed");
        for (const [tier, , name] of tiers) {
            const stack = await renderStack(
                withOverrides(loadStackFile("seed"), { [tier]: { podAnnotations: { "example.com/marker": tier } } }),
                "seed",
            );
            for (const [, otherKind, otherName] of tiers) {
                const before = annotationsOf(base, otherKind, otherName);
                const expected = otherName === name ? { ...before, "example.com/marker": tier } : before;
                assert.deepEqual(annotationsOf(stack, otherKind, otherName), expected, `${tier}'s annotation on ${otherKind} ${otherName}`);
            }
        }
    });
});

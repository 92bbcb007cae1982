// MilvusCluster from another Pulumi program (README, "Using the components from another Pulumi program"): the
// typed settings compile, a key typo does not, and the program declares what the stack declares for the same
// settings, since both fill defaults and check rules with parseClusterConfig.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { ConfigError, kubernetesProviderArgs, MilvusCluster, parseClusterConfig } from "../../components";
import { replicasOf } from "../helpers/kubeQueries";
import { findObject, kubernetesObjects, ProgramRun, renderStack, RenderedStack, runMocked } from "../helpers/renderStack";
import { projectRoot } from "../helpers/stackFiles";

/** The README's example, as another program would write it. */
const readmeProgram = (): Record<string, unknown> => {
    const provider = new k8s.Provider("kubernetes", kubernetesProviderArgs({}));
    const milvus = new MilvusCluster(
        "milvus",
        { namespace: "search", mode: "cluster", readNodes: { replicas: 3 } },
        { providers: { kubernetes: provider } },
    );
    return { endpoint: milvus.proxyEndpoint };
};

/** The same with a key mistyped: `readNode` for `readNodes`. */
const typoProgram = (): Record<string, unknown> => {
    const provider = new k8s.Provider("kubernetes", kubernetesProviderArgs({}));
    const milvus = new MilvusCluster(
        "milvus",
        {
            namespace: "search",
            // @ts-expect-error `readNode` is not a key of MilvusClusterArgs (tsc fails if this stops being an error)
            readNode: { replicas: 3 },
        },
        { providers: { kubernetes: provider } },
    );
    return { endpoint: milvus.proxyEndpoint };
};

/** A parsed ClusterConfig where settings belong: a compile error (the constructor parses settings itself). */
const parsedConfigProgram = (): Record<string, unknown> => {
    // @ts-expect-error a ClusterConfig is not MilvusClusterArgs (tsc fails if this stops being an error)
    const milvus = new MilvusCluster("milvus", parseClusterConfig({ namespace: "search" }));
    return { endpoint: milvus.proxyEndpoint };
};

describe("MilvusCluster from another program", () => {
    let program: ProgramRun;
    let stack: RenderedStack;
    before(async () => {
        program = await runMocked(readmeProgram);
        stack = await renderStack({ namespace: "search", mode: "cluster", readNodes: { replicas: 3 } });
    });

    test("renders the README's example: three read-only nodes in namespace search", () => {
        assert.equal(program.error, undefined);
        assert.equal(program.outputs.endpoint, "milvus-proxy-servers.search.svc.cluster.local:19530");
        assert.equal(replicasOf(program, "StatefulSet", "milvus-ro-servers"), 3);
        assert.equal(findObject(program, "Namespace", "search").metadata?.name, "search");
        const namespaced = kubernetesObjects(program)
            .map((r) => r.inputs as { kind: string; metadata?: { namespace?: string } })
            .filter((o) => o.metadata?.namespace !== undefined);
        assert.ok(namespaced.length > 10);
        // The device plugin runs in kube-system; everything else in the cluster's namespace.
        assert.deepEqual(
            namespaced.filter((o) => o.metadata?.namespace !== "search").map((o) => `${o.kind}/${o.metadata?.namespace}`),
            ["DaemonSet/kube-system"],
        );
    });

    test("is the README's example", () => {
        const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
        const section = readme.slice(readme.indexOf("## Using the components from another Pulumi program"));
        const example = section.slice(section.indexOf("```ts"), section.indexOf("```", section.indexOf("```ts") + 1));
        assert.match(
            example,
            /new MilvusCluster\(\s*"milvus",\s*\{ namespace: "search", mode: "cluster", readNodes: \{ replicas: 3 \} \},/,
        );
        assert.match(example, /\{ providers: \{ kubernetes: provider \} \}/);
    });

    test("declares exactly what the stack declares for the same settings", () => {
        const declared = (run: RenderedStack) => run.resources.filter((r) => r.type !== "pulumi:pulumi:StackReference");
        assert.ok(kubernetesObjects(program).length > 20);
        assert.deepEqual(declared(program), declared(stack));
    });

    test("a mistyped key is refused at run time too, before any Kubernetes object is declared", async () => {
        const run = await runMocked(typoProgram);
        assert.ok(run.error instanceof ConfigError, `expected a ConfigError, got ${String(run.error)}`);
        assert.deepEqual(
            run.error.problems.map((p) => p.key),
            ["milvus-cluster:readNode"],
        );
        assert.deepEqual(kubernetesObjects(run), []);
        assert.deepEqual(
            run.resources.filter((r) => r.type.startsWith("milvus-cluster:")).map((r) => r.type),
            [],
            "not even the MilvusCluster component is registered",
        );
    });

    test("a parsed ClusterConfig passed as settings is refused at run time too (its own keys are unknown settings)", async () => {
        const run = await runMocked(parsedConfigProgram);
        assert.ok(run.error instanceof ConfigError, `expected a ConfigError, got ${String(run.error)}`);
        assert.ok(run.error.problems.some((p) => p.key === "milvus-cluster:celery"));
        assert.deepEqual(kubernetesObjects(run), []);
        assert.deepEqual(
            run.resources.filter((r) => r.type.startsWith("milvus-cluster:")).map((r) => r.type),
            [],
            "not even the MilvusCluster component is registered",
        );
    });
});

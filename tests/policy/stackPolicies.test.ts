import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { stackResource } from "../../policy/checkObjects";
import { daemonSet, declared, defaultNamespace, deployment, podLabels, statefulSet, violationsOfPolicy } from "./fixtures";

type Peer = { podSelector?: object; namespaceSelector?: object; ipBlock?: { cidr: string } };

const networkPolicy = (
    name: string,
    spec: { podSelector: object; policyTypes?: string[]; ingress?: { from?: Peer[] }[] },
    namespace = defaultNamespace,
) =>
    declared("kubernetes:networking.k8s.io/v1:NetworkPolicy", `${name}-networkpolicy`, {
        kind: "NetworkPolicy",
        metadata: { name, namespace },
        spec,
    });

const defaultDeny = (namespace = defaultNamespace) =>
    networkPolicy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }, namespace);

/** An allow-list admitting `from` pods (by their component) to the pods of `component`. */
const allowFrom = (component: string, ...from: string[]) =>
    networkPolicy(`${component}-ingress`, {
        podSelector: { matchLabels: podLabels(component) },
        policyTypes: ["Ingress"],
        ingress: [{ from: from.map((c) => ({ podSelector: { matchLabels: { "app.kubernetes.io/component": c } } })) }],
    });

const namespaceObject = (name: string) =>
    declared("kubernetes:core/v1:Namespace", `${name}-namespace`, { kind: "Namespace", metadata: { name } });

describe("backing-services-isolated", () => {
    const policy = "backing-services-isolated";
    const on = { [policy]: { requireNetworkPolicies: true } };
    const mysql = () => statefulSet({ name: "milvus-mysql", component: "mysql" });
    const proxy = () => deployment({ name: "milvus-proxy", component: "proxy" });

    test("off (the default), a stack without any NetworkPolicy passes", async () => {
        assert.deepEqual(await violationsOfPolicy(policy, [mysql(), proxy()]), []);
        assert.deepEqual(await violationsOfPolicy(policy, [mysql(), proxy()], { [policy]: { requireNetworkPolicies: false } }), []);
    });

    test("on, default-deny plus an allow-list from pods for each backing service passes", async () => {
        const objects = [mysql(), proxy(), defaultDeny(), allowFrom("mysql", "proxy", "wo-server")];
        assert.deepEqual(await violationsOfPolicy(policy, objects, on), []);
    });

    test("on, a namespace without default-deny is refused, on its Namespace object when the stack has one", async () => {
        const found = await violationsOfPolicy(policy, [namespaceObject(defaultNamespace), proxy()], on);
        assert.deepEqual(
            found.map((v) => `${v.resource} | ${v.message}`),
            [
                "milvus-namespace | namespace milvus has workloads (Deployment milvus/milvus-proxy) but no default-deny " +
                    "NetworkPolicy (empty podSelector, policyTypes Ingress, no ingress rules)",
            ],
        );
        const elsewhere = await violationsOfPolicy(policy, [daemonSet({ name: "plugin", namespace: "kube-system" })], on);
        assert.equal(elsewhere[0]?.resource, stackResource);
        assert.match(elsewhere[0].message, /^namespace kube-system has workloads \(DaemonSet kube-system\/plugin\)/);
    });

    test("on, a default-deny that admits something, or selects some pods only, is not a default-deny", async () => {
        const leaky = networkPolicy("default-deny-ingress", {
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ podSelector: {} }] }],
        });
        const partial = networkPolicy("deny-proxy", { podSelector: { matchLabels: podLabels("proxy") }, policyTypes: ["Ingress"] });
        const egressOnly = networkPolicy("deny-egress", { podSelector: {}, policyTypes: ["Egress"] });
        for (const candidate of [leaky, partial, egressOnly]) {
            const found = await violationsOfPolicy(policy, [proxy(), candidate], on);
            assert.match(found[0]?.message ?? "", /no default-deny NetworkPolicy/, `${candidate.name} counted as default-deny`);
        }
    });

    test("on, a backing service that only the default-deny selects is refused for want of an allow-list", async () => {
        const found = await violationsOfPolicy(policy, [mysql(), defaultDeny(), allowFrom("redis", "proxy")], on);
        assert.deepEqual(
            found.map((v) => `${v.resource} | ${v.message}`),
            [
                "milvus-mysql-statefulset | StatefulSet milvus/milvus-mysql: no NetworkPolicy in namespace milvus selects its pods by label with an ingress allow-list",
            ],
        );
    });

    test("on, any policy selecting a backing service that admits an ipBlock, another namespace or every source is refused", async () => {
        const open = networkPolicy("mysql-open", {
            podSelector: { matchLabels: { "app.kubernetes.io/component": "mysql" } },
            ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }, { from: [{ namespaceSelector: {}, podSelector: {} }] }, {}],
        });
        const found = await violationsOfPolicy(policy, [mysql(), defaultDeny(), allowFrom("mysql", "proxy"), open], on);
        const prefix = "milvus-mysql-statefulset | StatefulSet milvus/milvus-mysql: NetworkPolicy milvus/mysql-open ";
        assert.deepEqual(
            found.map((v) => `${v.resource} | ${v.message}`),
            [
                `${prefix}ingress rule 1, peer 1 admits an ipBlock`,
                `${prefix}ingress rule 1, peer 1 has no podSelector`,
                `${prefix}ingress rule 2, peer 1 admits pods of other namespaces (namespaceSelector)`,
                `${prefix}ingress rule 3 has no "from", so it admits every source`,
            ],
        );
    });

    test("on, NetworkPolicies of another namespace do not count", async () => {
        const objects = [
            mysql(),
            networkPolicy("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }, "other"),
            allowFrom("mysql", "proxy"),
        ];
        const found = await violationsOfPolicy(policy, objects, on);
        assert.equal(found.length, 1);
        assert.match(found[0].message, /^namespace milvus has workloads \(StatefulSet milvus\/milvus-mysql\) but no default-deny/);
    });
});

describe("disruption-budgets", () => {
    const policy = "disruption-budgets";
    const budget = (name: string, selector: object | undefined, namespace = defaultNamespace) =>
        declared("kubernetes:policy/v1:PodDisruptionBudget", `${name}-pdb`, {
            kind: "PodDisruptionBudget",
            metadata: { name, namespace },
            spec: { maxUnavailable: 1, selector },
        });
    const proxy = () => deployment({ name: "milvus-proxy", component: "proxy" });
    const readNodes = () => statefulSet({ name: "milvus-ro-servers", component: "ro-server" });

    test("the proxy and the read-only nodes, each selected by a budget in their namespace, pass", async () => {
        const objects = [
            proxy(),
            readNodes(),
            budget("milvus-proxy", { matchLabels: podLabels("proxy") }),
            budget("milvus-ro-servers", {
                matchExpressions: [{ key: "app.kubernetes.io/component", operator: "In", values: ["ro-server"] }],
            }),
        ];
        assert.deepEqual(await violationsOfPolicy(policy, objects), []);
    });

    test("other workloads need no budget", async () => {
        assert.deepEqual(await violationsOfPolicy(policy, [deployment({ name: "milvus-workers", component: "workers" })]), []);
    });

    test("without a budget, or with one that selects other pods, another namespace's or no pods, each is refused", async () => {
        const objects = [
            proxy(),
            readNodes(),
            budget("milvus-proxy", { matchLabels: podLabels("workers") }),
            budget("milvus-ro-servers", { matchLabels: podLabels("ro-server") }, "other"),
            budget("no-selector", undefined),
        ];
        assert.deepEqual(
            (await violationsOfPolicy(policy, objects)).map((v) => `${v.resource} | ${v.message}`),
            [
                "milvus-proxy-deployment | Deployment milvus/milvus-proxy: no PodDisruptionBudget in namespace milvus selects its pods",
                "milvus-ro-servers-statefulset | StatefulSet milvus/milvus-ro-servers: no PodDisruptionBudget in namespace milvus selects its pods",
            ],
        );
    });
});

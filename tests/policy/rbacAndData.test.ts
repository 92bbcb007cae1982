import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { declared, defaultNamespace, namespace, randomPassword, statefulSet, violationsOfPolicy } from "./fixtures";

type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[] };

const role = (name: string, rules: Rule[], apiVersion = "v1") =>
    declared(`kubernetes:rbac.authorization.k8s.io/${apiVersion}:Role`, `${name}-role`, {
        apiVersion: `rbac.authorization.k8s.io/${apiVersion}`,
        kind: "Role",
        metadata: { name, namespace: defaultNamespace },
        rules,
    });

const messages = async (policy: string, ...objects: Parameters<typeof violationsOfPolicy>[1]): Promise<string[]> =>
    (await violationsOfPolicy(policy, objects)).map((v) => `${v.resource} | ${v.message}`);

describe("namespaced-rbac-only", () => {
    const policy = "namespaced-rbac-only";

    test("a Role that reads pods and events, and its RoleBinding, pass", async () => {
        const binding = declared("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "discovery-binding", {
            kind: "RoleBinding",
            metadata: { name: "milvus-proxy-discovery", namespace: defaultNamespace },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "milvus-proxy-discovery" },
            subjects: [{ kind: "ServiceAccount", name: "milvus-proxy", namespace: defaultNamespace }],
        });
        const reader = role("milvus-proxy-discovery", [
            { apiGroups: [""], resources: ["pods", "events"], verbs: ["get", "list", "watch"] },
        ]);
        assert.deepEqual(await messages(policy, reader, binding), []);
    });

    test("ClusterRoles and ClusterRoleBindings are refused, in any API version", async () => {
        const clusterRole = declared("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", "reader", {
            kind: "ClusterRole",
            metadata: { name: "milvus-reader" },
            rules: [],
        });
        const oldBinding = declared("kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRoleBinding", "reader-binding", {
            kind: "ClusterRoleBinding",
            metadata: { name: "milvus-reader" },
        });
        assert.deepEqual(await messages(policy, clusterRole, oldBinding), [
            "reader | ClusterRole milvus-reader: cluster-wide RBAC is not allowed; use a Role and RoleBinding in the namespace",
            "reader-binding | ClusterRoleBinding milvus-reader: cluster-wide RBAC is not allowed; use a Role and RoleBinding in the namespace",
        ]);
    });

    test("wildcards, secrets and write verbs in a Role's rules are each refused", async () => {
        const broad = role("broad", [
            { apiGroups: ["*"], resources: ["pods"], verbs: ["get"] },
            { apiGroups: [""], resources: ["secrets", "configmaps"], verbs: ["list"] },
            { apiGroups: [""], resources: ["pods"], verbs: ["get", "delete", "*"] },
        ]);
        const prefix = "broad-role | Role milvus/broad: ";
        assert.deepEqual(await messages(policy, broad), [
            `${prefix}rule 1 has "*" in apiGroups`,
            `${prefix}rule 2 grants access to secrets`,
            `${prefix}rule 3 has "*" in verbs`,
            `${prefix}rule 3 grants the verb "delete" (only get, list and watch are allowed)`,
        ]);
    });
});

describe("stateful-data-protected", () => {
    const policy = "stateful-data-protected";
    const on = { [policy]: { requireProtection: true } };
    const claim = (protect: boolean) =>
        declared(
            "kubernetes:core/v1:PersistentVolumeClaim",
            "milvus-volumes-data",
            {
                kind: "PersistentVolumeClaim",
                metadata: { name: "milvus-data-disk", namespace: defaultNamespace },
                spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "10Gi" } } },
            },
            protect,
        );
    const unprotected = () => [claim(false), statefulSet({ name: "milvus-mysql", claims: true, whenDeleted: "Delete" })];
    const unprotectedNamespaceAndPassword = () => [namespace(defaultNamespace), randomPassword("milvus-mysql-credentials-root-password")];

    test("off (the default), unprotected claims, StatefulSets, Namespaces and passwords pass", async () => {
        assert.deepEqual(await violationsOfPolicy(policy, unprotectedNamespaceAndPassword()), []);
        assert.deepEqual(await violationsOfPolicy(policy, unprotected()), []);
        assert.deepEqual(await violationsOfPolicy(policy, unprotected(), { [policy]: { requireProtection: false } }), []);
    });

    test("on, protected claims and protected, retaining StatefulSets pass; so do StatefulSets that make no claims", async () => {
        const objects = [
            claim(true),
            statefulSet({ name: "milvus-mysql", claims: true, whenDeleted: "Retain", protect: true }),
            statefulSet({ name: "milvus-redis", claims: false }),
        ];
        assert.deepEqual(await violationsOfPolicy(policy, objects, on), []);
    });

    test("on, an unprotected claim and an unprotected, deleting StatefulSet are refused", async () => {
        const found = (await violationsOfPolicy(policy, unprotected(), on)).map((v) => `${v.resource} | ${v.message}`);
        assert.deepEqual(found, [
            "milvus-volumes-data | PersistentVolumeClaim milvus/milvus-data-disk: it is not declared with the resource option protect: true",
            "milvus-mysql-statefulset | StatefulSet milvus/milvus-mysql: it has volumeClaimTemplates but is not declared with the resource option protect: true",
            "milvus-mysql-statefulset | StatefulSet milvus/milvus-mysql: persistentVolumeClaimRetentionPolicy.whenDeleted is Delete, not Retain",
        ]);
    });

    test("on, a protected StatefulSet without a retention policy is refused for that alone", async () => {
        const found = await violationsOfPolicy(policy, [statefulSet({ name: "milvus-minio", claims: true, protect: true })], on);
        assert.deepEqual(
            found.map((v) => v.message),
            ["StatefulSet milvus/milvus-minio: persistentVolumeClaimRetentionPolicy.whenDeleted is unset, not Retain"],
        );
    });

    test("on, a protected Namespace and a protected RandomPassword pass, beside an unprotected claim that does not", async () => {
        const objects = [namespace(defaultNamespace, true), randomPassword("milvus-mysql-credentials-root-password", true), claim(false)];
        assert.deepEqual(
            (await violationsOfPolicy(policy, objects, on)).map((v) => v.resource),
            ["milvus-volumes-data"],
        );
    });

    test("on, an unprotected Namespace and an unprotected RandomPassword are refused", async () => {
        const found = (await violationsOfPolicy(policy, unprotectedNamespaceAndPassword(), on)).map((v) => `${v.resource} | ${v.message}`);
        assert.deepEqual(found, [
            "milvus-namespace | Namespace milvus: it is not declared with the resource option protect: true",
            "milvus-mysql-credentials-root-password | RandomPassword milvus-mysql-credentials-root-password: the generated password is not declared with protect: true",
        ]);
    });
});

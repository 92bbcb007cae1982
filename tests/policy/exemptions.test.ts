import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DeclaredObject, PackConfig, violationsOf } from "../../policy/checkObjects";
import { policyExemptionsAnnotation } from "../../policy/lib/sharedNames";
import { exemptablePolicyNames } from "../../policy/lib/policyNames";
import { daemonSet, deployment, exemptions, statefulSet, violationsOfPolicy } from "./fixtures";

/** For each exemptable policy: objects breaking it, built with the given pod annotations, and the config that arms it. */
const breaking: Record<string, { objects: (annotations?: Record<string, string>) => DeclaredObject[]; config?: PackConfig }> = {
    "pods-have-probes": { objects: (a) => [deployment({ annotations: a, edit: (s) => void delete s.containers[0].readinessProbe })] },
    "restricted-security-context": { objects: (a) => [daemonSet({ annotations: a, edit: (s) => void (s.hostNetwork = true) })] },
    "no-host-paths": {
        objects: (a) => [
            daemonSet({
                annotations: a,
                edit: (s) => s.volumes?.push({ name: "sock", hostPath: { path: "/var/lib/kubelet/device-plugins" } }),
            }),
        ],
    },
    "no-default-token-automount": {
        objects: (a) => [deployment({ annotations: a, edit: (s) => void delete s.automountServiceAccountToken })],
    },
    "pinned-images": { objects: (a) => [deployment({ annotations: a, edit: (s) => void (s.containers[0].image = "busybox") })] },
    "resources-bounded": { objects: (a) => [deployment({ annotations: a, edit: (s) => void delete s.containers[0].resources })] },
    "stateful-data-protected": {
        objects: (a) => [statefulSet({ annotations: a, claims: true })],
        config: { "stateful-data-protected": { requireProtection: true } },
    },
    "backing-services-isolated": {
        objects: (a) => [statefulSet({ name: "milvus-redis", component: "redis", annotations: a })],
        config: { "backing-services-isolated": { requireNetworkPolicies: true } },
    },
    "disruption-budgets": { objects: (a) => [deployment({ name: "milvus-proxy", component: "proxy", annotations: a })] },
    "runs-as-non-root": {
        objects: (a) => [
            deployment({
                name: "milvus-wr-server",
                annotations: a,
                edit: (s) => void (s.securityContext = { seccompProfile: { type: "RuntimeDefault" } }),
            }),
        ],
    },
    "read-only-root-filesystem": {
        objects: (a) => [
            statefulSet({
                name: "milvus-mysql",
                annotations: a,
                edit: (s) => void (s.containers[0].securityContext = { ...s.containers[0].securityContext, readOnlyRootFilesystem: false }),
            }),
        ],
    },
};

describe("exemptions", () => {
    test("every exemptable policy has a case here", () => {
        assert.deepEqual(Object.keys(breaking).sort(), [...exemptablePolicyNames].sort());
    });

    for (const [policy, { objects, config }] of Object.entries(breaking)) {
        test(`${policy}: a workload breaking it is refused; with an exemption and a reason it passes; with an empty reason it is refused twice`, async () => {
            assert.ok((await violationsOfPolicy(policy, objects(), config)).length > 0, "the case does not break the policy");

            const exempted = await violationsOf(objects(exemptions({ [policy]: "reviewed in #123: the reason" })), config);
            assert.deepEqual(
                exempted.filter((v) => v.policy === policy || v.policy === "valid-exemptions"),
                [],
            );

            const reasonless = await violationsOf(objects(exemptions({ [policy]: "  " })), config);
            assert.ok(
                reasonless.some((v) => v.policy === policy),
                "an exemption without a reason silenced the policy",
            );
            assert.deepEqual(
                reasonless.filter((v) => v.policy === "valid-exemptions").map((v) => v.message.split(": ").slice(1).join(": ")),
                [`exemption from "${policy}": the reason must be a non-empty string`],
            );
        });
    }

    test("an exemption names the one policy it is for: others still apply", async () => {
        const workload = deployment({
            annotations: exemptions({ "no-host-paths": "kubelet socket" }),
            edit: (s) => void (s.containers[0].image = "busybox:latest"),
        });
        assert.equal((await violationsOfPolicy("pinned-images", [workload])).length, 1);
    });
});

describe("valid-exemptions", () => {
    const policy = "valid-exemptions";
    const refusals = async (annotation: string): Promise<string[]> =>
        (
            await violationsOfPolicy(policy, [
                deployment({ name: "milvus-workers", annotations: { [policyExemptionsAnnotation]: annotation } }),
            ])
        ).map((v) => `${v.resource} | ${v.message}`);

    test("a well-formed annotation passes, and so does a workload without one", async () => {
        assert.deepEqual(await refusals(JSON.stringify({ "no-host-paths": "kubelet socket", "pinned-images": "vendor pins by tag" })), []);
        assert.deepEqual(await violationsOfPolicy(policy, [deployment()]), []);
    });

    test("an unknown policy name is refused, naming the workload", async () => {
        assert.deepEqual(await refusals(JSON.stringify({ "no-hostpaths": "typo" })), [
            'milvus-workers-deployment | Deployment milvus/milvus-workers: exemption from "no-hostpaths": no policy of this pack has that name',
        ]);
    });

    test("the credential policies, the RBAC policy and this one cannot be exempted", async () => {
        const names = ["no-credentials-in-configmaps", "no-literal-credentials-in-env", "namespaced-rbac-only", "valid-exemptions"];
        const found = await refusals(JSON.stringify(Object.fromEntries(names.map((n) => [n, "please"]))));
        assert.deepEqual(
            found.map((m) => m.split(": ").slice(1).join(": ")),
            names.map((n) => `exemption from "${n}": that policy cannot be exempted`),
        );
    });

    test("an annotation that is not a JSON object, or has a reason that is not a string, is refused", async () => {
        assert.match(
            (await refusals("no-host-paths: kubelet"))[0] ?? "",
            /annotation milvus-cluster\/policy-exemptions is not valid JSON$/,
        );
        assert.match((await refusals('["no-host-paths"]'))[0] ?? "", /must be a JSON object mapping a policy name to a reason$/);
        assert.match(
            (await refusals('{"no-host-paths": true}'))[0] ?? "",
            /exemption from "no-host-paths": the reason must be a non-empty string$/,
        );
    });
});

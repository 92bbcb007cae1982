import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { helperContainerResources } from "../../components/config/defaults";
import { configRendering, CredentialEnvVar, uniqueCredentials } from "../../components/kube/configRendering";
import { restrictedPodTemplate } from "../../components/kube/restrictedPodTemplate";
import { pullSecretRefs } from "../../components/kube/workloadContext";
import { writerRole } from "../../components/milvus/writeNode";

const mysql: CredentialEnvVar = { name: "MYSQL_PASSWORD", secret: { name: "milvus-mysql-credentials", key: "password" } };
const mysqlAgain: CredentialEnvVar = { name: "MYSQL_PASSWORD", secret: { name: "other-secret", key: "pw" } };
const broker: CredentialEnvVar = { name: "BROKER_PASSWORD", secret: { name: "milvus-redis-credentials", key: "password" } };

describe("workload helpers", () => {
    test("uniqueCredentials keeps the first credential of each env var, in order", () => {
        assert.deepEqual(uniqueCredentials([mysql, broker, mysqlAgain, broker]), [mysql, broker]);
        assert.deepEqual(uniqueCredentials([]), []);
    });

    test("configRendering sets a credential listed twice (a server and its sidecar) once", () => {
        const rendering = configRendering({
            configMapName: "milvus-roserver-configmap",
            alsoFrom: ["milvus-celery-configmap"],
            image: "busybox:1.36.1",
            credentials: [mysql, broker, mysqlAgain],
            resources: helperContainerResources,
        });
        const env = rendering.initContainer.env as { name: string; valueFrom: { secretKeyRef: { name: string } } }[];
        assert.deepEqual(
            env.map((e) => [e.name, e.valueFrom.secretKeyRef.name]),
            [
                ["MYSQL_PASSWORD", "milvus-mysql-credentials"],
                ["BROKER_PASSWORD", "milvus-redis-credentials"],
            ],
        );
        const script = (rendering.initContainer.command as string[])[2];
        assert.equal(script.split("MYSQL_PASSWORD:?").length - 1, 1, script);
    });

    test("writerRole: single mode's server, else the cluster's write-only node", () => {
        assert.equal(writerRole("single"), "single");
        assert.equal(writerRole("cluster"), "write");
    });

    test("pullSecretRefs references each pull Secret by name", () => {
        assert.deepEqual(pullSecretRefs({ imagePullSecrets: ["registry-login", "mirror"] }), [
            { name: "registry-login" },
            { name: "mirror" },
        ]);
    });

    test("restrictedPodTemplate: no service-account token unless asked, the operator's annotations under the program's", () => {
        const template = restrictedPodTemplate({
            labels: { app: "x" },
            annotations: { "checksum/config": "program" },
            operatorAnnotations: { "checksum/config": "operator", team: "search" },
            runAsUser: 10001,
            imagePullSecrets: ["registry-login"],
            spec: { containers: [] },
        });
        const metadata = template.metadata as { annotations: Record<string, string> };
        assert.deepEqual(metadata.annotations, { "checksum/config": "program", team: "search" });
        const spec = template.spec as {
            automountServiceAccountToken: boolean;
            imagePullSecrets: unknown;
            securityContext: { runAsUser: number };
        };
        assert.equal(spec.automountServiceAccountToken, false);
        assert.deepEqual(spec.imagePullSecrets, [{ name: "registry-login" }]);
        assert.equal(spec.securityContext.runAsUser, 10001);
        const withToken = restrictedPodTemplate({
            labels: {},
            annotations: {},
            imagePullSecrets: [],
            spec: { containers: [], automountServiceAccountToken: true },
        });
        assert.equal((withToken.spec as { automountServiceAccountToken: boolean }).automountServiceAccountToken, true);
    });
});

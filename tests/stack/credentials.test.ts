// Credentials are generated, kept in Secrets, and never written into a ConfigMap, a literal env value or an output.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { allContainers, objectsOfKind, workloads } from "../helpers/kubeQueries";
import { RenderedStack, renderStack } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

const scenarios = {
    dev: () => loadStackFile("dev"),
    seed: () => loadStackFile("seed"),
    "release 1.1 on MinIO, external MySQL password from secret config": () =>
        withOverrides(loadStackFile("dev"), {
            storage: { backend: "s3" },
            mysql: { external: { host: "db.example.internal", port: 3306, password: "externalSecretPw1" } },
        }),
    "seed line: RabbitMQ and PostgreSQL brokers, external MySQL password from secret config": () =>
        withOverrides(loadStackFile("seed"), {
            mq: { backend: "rabbitmq", resultBackend: "postgresql", imageDrivers: ["psycopg2"] },
            mysql: { external: { host: "db.example.internal", port: 3306, password: "externalSecretPw1" } },
        }),
};

/** Every credential value the scenario's Secrets hold (generated ones and those from config). */
const secretValues = (stack: RenderedStack): string[] =>
    objectsOfKind(stack, "Secret").flatMap((s) => Object.values((s.stringData as Record<string, string>) ?? {}));

for (const [name, config] of Object.entries(scenarios)) {
    describe(`credentials: ${name}`, () => {
        let stack: RenderedStack;
        let secrets: string[];
        before(async () => {
            stack = await renderStack(config());
            secrets = secretValues(stack);
        });

        test("every Secret value is a generated password or the configured one", () => {
            assert.ok(secrets.length >= 2, `found ${secrets.length} secret values`);
            for (const value of secrets) {
                assert.match(value, /^(mockpw\w+|externalSecretPw1)$/);
            }
            const generators = stack.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
            assert.ok(generators.length >= 1);
            for (const generator of generators) {
                assert.equal(generator.inputs.special, false, "letters and digits only: safe in Milvus URLs");
                assert.equal(generator.inputs.length, 32);
            }
        });

        test("no ConfigMap holds a credential", () => {
            const text = JSON.stringify(objectsOfKind(stack, "ConfigMap"));
            for (const value of secrets) {
                assert.ok(!text.includes(value), `a ConfigMap contains ${value}`);
            }
            assert.match(text, /\$\(MYSQL_PASSWORD\)/, "the placeholder stands where the password would");
        });

        test("no env var carries a credential as a literal value; credentials come from secretKeyRef", () => {
            let fromSecrets = 0;
            for (const workload of workloads(stack)) {
                for (const container of allContainers(workload)) {
                    for (const env of (container.env as k8s.types.output.core.v1.EnvVar[] | undefined) ?? []) {
                        for (const value of secrets) {
                            assert.ok(!String(env.value ?? "").includes(value), `${workload.metadata?.name} ${env.name}`);
                        }
                        if (/PASSWORD|SECRET|ACCESS_KEY|_PASS$/.test(env.name as string) && env.value === undefined) {
                            assert.ok(
                                (env.valueFrom as k8s.types.output.core.v1.EnvVarSource).secretKeyRef,
                                `${workload.metadata?.name} ${env.name}`,
                            );
                            fromSecrets += 1;
                        }
                    }
                }
            }
            assert.ok(fromSecrets >= 3, `only ${fromSecrets} credential env vars found`);
        });

        test("stack outputs hold no credential", () => {
            const text = JSON.stringify(stack.outputs);
            for (const value of secrets) {
                assert.ok(!text.includes(value));
            }
        });
    });
}

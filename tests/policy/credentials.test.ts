import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { credentialAssignments, inlinePasswordUrls, isPlaceholder } from "../../policy/lib/credentials";
import { configMap, deployment, exemptions, job, violationsOfPolicy } from "./fixtures";

describe("credential recognition", () => {
    test("a URL with an inline password is found, masked; an empty or placeholder password is not", () => {
        assert.deepEqual(inlinePasswordUrls("uri: mysql://root:hunter2@db:3306/milvus"), ["mysql://root:***@"]);
        assert.deepEqual(inlinePasswordUrls("redis://:s3cret@cache:6379/0"), ["redis://:***@"]);
        assert.deepEqual(inlinePasswordUrls("mysql://root:$(MYSQL_PASSWORD)@db:3306/milvus"), []);
        assert.deepEqual(inlinePasswordUrls("sqlite://:@:/"), []);
        assert.deepEqual(inlinePasswordUrls("http://host:8080/path@v2 and amqp://guest@mq"), []);
    });

    test("a placeholder is exactly $(VAR_NAME)", () => {
        assert.equal(isPlaceholder("$(S3_SECRET_KEY)"), true);
        assert.equal(isPlaceholder("x$(S3_SECRET_KEY)"), false);
        assert.equal(isPlaceholder("$(S3 SECRET)"), false);
        assert.equal(isPlaceholder("${S3_SECRET_KEY}"), false);
    });

    test("credential assignments in YAML, env-file and JSON lines are found by key and line, never by value", () => {
        const text = [
            "user: milvus",
            "password: hunter2",
            'secret_key: "$(S3_SECRET_KEY)"',
            "ACCESS_KEY=AKIA123",
            "token =",
            'auth: {"accessKey": "AKIA123", "region": "x"}',
            "passwd: ''",
        ].join("\n");
        assert.deepEqual(credentialAssignments(text), ['line 2 ("password")', 'line 4 ("ACCESS_KEY")', 'line 6 ("accessKey")']);
    });
});

describe("no-credentials-in-configmaps", () => {
    const policy = "no-credentials-in-configmaps";

    test("settings with placeholders and credential-free URLs pass", async () => {
        const cm = configMap("milvus-proxy-configmap", {
            "settings.yml":
                "SQLALCHEMY_DATABASE_URI: mysql+pymysql://root:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus\nREDIS_PASSWORD: $(REDIS_AUTH_PASSWORD)\n",
        });
        assert.deepEqual(await violationsOfPolicy(policy, [cm]), []);
    });

    test("a URL with an inline password is refused, naming the ConfigMap and the key, not the password", async () => {
        const cm = configMap("milvus-proxy-configmap", { "settings.yml": "DB_URI: mysql://root:hunter2@milvus-mysql:3306/milvus\n" });
        const violations = await violationsOfPolicy(policy, [cm]);
        assert.equal(violations.length, 1);
        assert.equal(violations[0].resource, "milvus-proxy-configmap-configmap");
        assert.match(
            violations[0].message,
            /^ConfigMap milvus\/milvus-proxy-configmap: key "settings.yml" holds a URL with an inline password \(mysql:\/\/root:\*\*\*@\)$/,
        );
        assert.doesNotMatch(violations[0].message, /hunter2/);
    });

    test("a credential-named setting with a literal value is refused, by key and line", async () => {
        const cm = configMap("milvus-celery-configmap", { "celery.yml": "REDIS_HOST: milvus-redis\nREDIS_PASSWORD: hunter2\n" });
        const [violation, ...rest] = await violationsOfPolicy(policy, [cm]);
        assert.deepEqual(rest, []);
        assert.match(
            violation.message,
            /milvus-celery-configmap: key "celery.yml" sets a credential literally on line 2 \("REDIS_PASSWORD"\)/,
        );
    });

    test("a data key named like a credential is refused, whatever its value", async () => {
        const violations = await violationsOfPolicy(policy, [configMap("creds", { "s3-secret-key": "$(S3_SECRET_KEY)" })]);
        assert.deepEqual(
            violations.map((v) => v.message),
            ['ConfigMap milvus/creds: key "s3-secret-key" is named like a credential'],
        );
    });
});

describe("no-literal-credentials-in-env", () => {
    const policy = "no-literal-credentials-in-env";

    test("credentials read from a Secret, placeholders and ordinary literals pass", async () => {
        const workload = deployment({
            edit: (spec) => {
                spec.containers[0].env = [
                    { name: "MYSQL_PASSWORD", valueFrom: { secretKeyRef: { name: "milvus-mysql-credentials", key: "password" } } },
                    { name: "REDIS_PASSWORD", value: "$(REDIS_AUTH_PASSWORD)" },
                    { name: "DB_URI", value: "mysql://root:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus" },
                    { name: "REDIS_PASSWORD_FILE_UNUSED", value: "" },
                    { name: "LOG_LEVEL", value: "info" },
                ];
            },
        });
        assert.deepEqual(await violationsOfPolicy(policy, [workload]), []);
    });

    test("a literal credential-named value in a container is refused, naming workload, container and variable", async () => {
        const workload = deployment({
            name: "milvus-proxy",
            edit: (spec) => {
                spec.containers[0].env = [{ name: "MYSQL_PASSWORD", value: "hunter2" }];
            },
        });
        const violations = await violationsOfPolicy(policy, [workload]);
        assert.deepEqual(
            violations.map((v) => [v.resource, v.message]),
            [
                [
                    "milvus-proxy-deployment",
                    'Deployment milvus/milvus-proxy: container "app": env MYSQL_PASSWORD holds a literal credential; use valueFrom.secretKeyRef',
                ],
            ],
        );
    });

    test("an inline-password URL in an init container of a Job is refused", async () => {
        const workload = job({
            name: "make-bucket",
            edit: (spec) => {
                spec.initContainers = [
                    { name: "wait", image: "busybox:1.36", env: [{ name: "ENDPOINT", value: "http://minio:m1n10pass@minio:9000" }] },
                ];
            },
        });
        const violations = await violationsOfPolicy(policy, [workload]);
        assert.equal(violations.length, 1);
        assert.match(
            violations[0].message,
            /^Job milvus\/make-bucket: init container "wait": env ENDPOINT holds a URL with an inline password \(http:\/\/minio:\*\*\*@\)$/,
        );
    });

    test("cannot be exempted: the annotation does not silence it", async () => {
        const workload = deployment({
            annotations: exemptions({ "no-literal-credentials-in-env": "we promise" }),
            edit: (spec) => {
                spec.containers[0].env = [{ name: "API_TOKEN", value: "abc" }];
            },
        });
        assert.equal((await violationsOfPolicy(policy, [workload])).length, 1);
        const refused = await violationsOfPolicy("valid-exemptions", [workload]);
        assert.match(refused[0]?.message ?? "", /exemption from "no-literal-credentials-in-env": that policy cannot be exempted/);
    });
});

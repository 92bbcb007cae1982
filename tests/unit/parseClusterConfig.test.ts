import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { ConfigError, ConfigProblem } from "../../components/config/configError";
import { RawConfig } from "../../components/config/configReader";
import { defaultImages } from "../../components/config/defaults";
import { parseClusterConfig } from "../../components/config/parseClusterConfig";
import { rawConfigFromStack } from "../../components/config/stackConfig";
import { ClusterConfig } from "../../components/config/types";

/** Parses `raw`, expecting a ConfigError, and returns it. */
function refuse(raw: RawConfig): ConfigError {
    let caught: unknown;
    try {
        parseClusterConfig(raw);
    } catch (error) {
        caught = error;
    }
    assert.ok(caught instanceof ConfigError, `expected a ConfigError for ${JSON.stringify(raw)}, got ${String(caught)}`);
    return caught;
}

/** The one problem reported for `key` (fails when there is none or more than one). */
function problemFor(error: ConfigError, key: string): ConfigProblem {
    const matching = error.problems.filter((p) => p.key === key);
    assert.equal(matching.length, 1, `expected exactly one problem for ${key}, got: ${JSON.stringify(error.problems, null, 2)}`);
    return matching[0];
}

/** Expects `raw` to be refused with a problem for `key` whose given value is `given`; returns that problem. */
function expectProblem(raw: RawConfig, key: string, given: string): ConfigProblem {
    const error = refuse(raw);
    const problem = problemFor(error, key);
    assert.equal(problem.given, given);
    assert.ok(problem.allowed.length > 0, "the problem must say what is allowed");
    assert.ok(
        error.message.includes(`${key}: got ${given}; ${problem.allowed}`),
        `message should name ${key}, got ${given} and what is allowed:\n${error.message}`,
    );
    return problem;
}

describe("parseClusterConfig: defaults", () => {
    test("an empty config parses (every key has a default)", () => {
        const config = parseClusterConfig({});
        assert.equal(config.mode, "cluster");
        assert.equal(config.metastore.backend, "mysql");
    });

    test("an empty config gives the same result as spelling out the default mode", () => {
        assert.deepEqual(parseClusterConfig({}), parseClusterConfig({ mode: "cluster" }));
    });

    // The same defaults, reached with one key set to its default value, so that the rest of the defaults are
    // checked even while `{}` itself is refused.
    const clusterDefaults = (): ClusterConfig => parseClusterConfig({ mode: "cluster" });

    test("cluster mode, MySQL metastore, local storage, Redis broker and results", () => {
        const config = clusterDefaults();
        assert.equal(config.mode, "cluster");
        assert.equal(config.metastore.backend, "mysql");
        assert.equal(config.storage.backend, "local");
        assert.deepEqual(config.mq, { backend: "redis", resultBackend: "redis", imageDrivers: [] });
    });

    test("namespace, tiers and GPU", () => {
        const config = clusterDefaults();
        assert.equal(config.namespace, "milvus");
        assert.equal(config.createNamespace, true);
        assert.equal(config.writeNode.replicas, 1);
        assert.equal(config.readNodes.replicas, 2);
        assert.equal(config.proxy.replicas, 1);
        assert.equal(config.proxy.serviceType, "ClusterIP");
        assert.equal(config.proxy.discovery, "kubernetes");
        assert.equal(config.celery.workers.replicas, 1);
        assert.equal(config.gpu.enabled, true);
        assert.equal(config.gpu.perServer, 1);
        assert.equal(config.gpu.resourceName, "nvidia.com/gpu");
        assert.equal(config.milvus.port, 19530);
        // Release 1.1 (the default): Prometheus scrapes the Pushgateway beside each server.
        assert.equal(config.milvus.metricsPort, 9091);
        assert.equal(parseClusterConfig({ milvus: { release: "0.4" } }).milvus.metricsPort, 8080);
    });

    test("images are the pinned defaults", () => {
        assert.deepEqual(clusterDefaults().images, {
            ...defaultImages,
            milvus: "milvusdb/milvus:1.1.1-gpu-d061621-330cc6",
            proxy: "milvusdb/mishards:1.1.1",
        });
    });

    test("shared volumes are ReadWriteMany in cluster mode", () => {
        const config = clusterDefaults();
        assert.equal(config.volumes.data.accessMode, "ReadWriteMany");
        assert.equal(config.volumes.logs.accessMode, "ReadWriteMany");
    });

    test("single mode: ReadWriteOnce volumes and a SQLite metastore", () => {
        const config = parseClusterConfig({ mode: "single" });
        assert.equal(config.mode, "single");
        assert.equal(config.metastore.backend, "sqlite");
        assert.equal(config.volumes.data.accessMode, "ReadWriteOnce");
        assert.equal(config.volumes.logs.accessMode, "ReadWriteOnce");
    });

    test("single mode may still choose MySQL", () => {
        assert.equal(parseClusterConfig({ mode: "single", metastore: { backend: "mysql" } }).metastore.backend, "mysql");
    });

    test("external mysql with a URL-safe password is accepted and kept", () => {
        const config = parseClusterConfig({
            mode: "cluster",
            mysql: { external: { host: "db.example.com", port: 3307, password: "s3cr3t-pw" } },
        });
        assert.deepEqual(config.mysql.external, {
            host: "db.example.com",
            port: 3307,
            password: "s3cr3t-pw",
            existingSecret: undefined,
        });
    });
});

describe("parseClusterConfig: nested input as written in Pulumi.<stack>.yaml", () => {
    const stackYaml = `
mode: cluster
namespace: milvus-prod
metastore:
  backend: mysql
storage:
  backend: s3
  s3:
    bucket: vectors
    endpoint: s3.example.com:9000
    existingSecret: s3-keys
    useSsl: false
gpu:
  enabled: true
  perServer: 2
  nodeSelector:
    cloud.google.com/gke-accelerator: nvidia-tesla-t4
readNodes:
  replicas: 3
  resources:
    requests: { cpu: "2", memory: 8Gi }
    limits: { cpu: "4", memory: 32Gi }
proxy:
  serviceType: LoadBalancer
  loadBalancerSourceRanges: [10.0.0.0/8]
  discovery: static
images:
  milvus: registry.example.com:5000/milvusdb/milvus:1.1.1-gpu-d061621-330cc6
imagePullSecrets: [regcred]
milvus:
  cpuCacheCapacityGb: 12
  logLevel: warning
`;

    test("every value lands in its typed field", () => {
        const config = parseClusterConfig(parse(stackYaml) as RawConfig);
        assert.equal(config.namespace, "milvus-prod");
        assert.equal(config.storage.backend, "s3");
        assert.deepEqual(config.storage.s3, {
            bucket: "vectors",
            endpoint: "s3.example.com:9000",
            useSsl: false,
            accessKey: undefined,
            secretKey: undefined,
            existingSecret: "s3-keys",
        });
        assert.equal(config.release, "1.1");
        assert.deepEqual(config.gpu.allowedFamilies, ["pascal", "volta", "turing"]);
        assert.equal(config.gpu.perServer, 2);
        assert.deepEqual(config.gpu.nodeSelector, { "cloud.google.com/gke-accelerator": "nvidia-tesla-t4" });
        assert.deepEqual(config.readNodes, {
            replicas: 3,
            resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { cpu: "4", memory: "32Gi" } },
            priorityClassName: undefined,
            disruptionBudget: { maxUnavailable: 1 },
            podAnnotations: {},
        });
        assert.equal(config.proxy.serviceType, "LoadBalancer");
        assert.deepEqual(config.proxy.loadBalancerSourceRanges, ["10.0.0.0/8"]);
        assert.equal(config.proxy.discovery, "static");
        assert.equal(config.images.milvus, "registry.example.com:5000/milvusdb/milvus:1.1.1-gpu-d061621-330cc6");
        assert.equal(config.images.proxy, "milvusdb/mishards:1.1.1");
        assert.deepEqual(config.imagePullSecrets, ["regcred"]);
        assert.equal(config.milvus.cpuCacheCapacityGb, 12);
        assert.equal(config.milvus.logLevel, "warning");
        // Untouched keys keep their defaults.
        assert.equal(config.milvus.port, 19530);
        assert.equal(config.volumes.data.accessMode, "ReadWriteMany");
    });
});

describe("parseClusterConfig: refused values", () => {
    test("unknown mode", () => {
        const p = expectProblem({ mode: "multi" }, "milvus-cluster:mode", '"multi"');
        assert.equal(p.allowed, 'expected one of "single", "cluster"');
    });

    test("unknown mq.backend", () => {
        const p = expectProblem({ mq: { backend: "kafka" } }, "milvus-cluster:mq.backend", '"kafka"');
        assert.equal(p.allowed, 'expected one of "redis", "rabbitmq", "mysql", "postgresql", "mongodb"');
    });

    test("unknown storage.backend", () => {
        const p = expectProblem({ storage: { backend: "gcs" } }, "milvus-cluster:storage.backend", '"gcs"');
        assert.equal(p.allowed, 'expected one of "local", "s3"');
    });

    test("unknown proxy.serviceType", () => {
        const p = expectProblem({ proxy: { serviceType: "Ingress" } }, "milvus-cluster:proxy.serviceType", '"Ingress"');
        assert.equal(p.allowed, 'expected one of "ClusterIP", "LoadBalancer", "NodePort"');
    });

    test("unknown proxy.discovery", () => {
        const p = expectProblem({ proxy: { discovery: "dns" } }, "milvus-cluster:proxy.discovery", '"dns"');
        assert.equal(p.allowed, 'expected one of "kubernetes", "static"');
    });

    test("sqlite metastore in cluster mode", () => {
        const p = expectProblem({ metastore: { backend: "sqlite" } }, "milvus-cluster:metastore.backend", '"sqlite"');
        assert.match(p.allowed, /single mode only/);
        assert.match(p.allowed, /"mysql"/);
    });

    test("sqlite metastore with mode cluster spelled out", () => {
        expectProblem({ mode: "cluster", metastore: { backend: "sqlite" } }, "milvus-cluster:metastore.backend", '"sqlite"');
    });

    test("etcd metastore: not supported by Milvus yet", () => {
        const error = refuse({ metastore: { backend: "etcd" } });
        assert.equal(error.problems.length, 1, error.message);
        const p = problemFor(error, "milvus-cluster:metastore.backend");
        assert.equal(p.given, '"etcd"');
        assert.match(p.allowed, /not supported by Milvus yet/);
        assert.match(error.message, /not supported by Milvus yet/);
    });

    for (const path of ["readNodes", "proxy", "workers"]) {
        for (const bad of [0, -1, 1.5, "2x", "1.5", ""]) {
            test(`${path}.replicas ${JSON.stringify(bad)}`, () => {
                const raw: RawConfig = { [path]: { replicas: bad } };
                const p = expectProblem(raw, `milvus-cluster:${path}.replicas`, JSON.stringify(bad));
                assert.equal(p.allowed, "expected an integer >= 1");
            });
        }
    }

    test("writeNode.replicas 2: exactly one write-only node", () => {
        const p = expectProblem({ writeNode: { replicas: 2 } }, "milvus-cluster:writeNode.replicas", "2");
        assert.match(p.allowed, /exactly one write-only node/);
    });

    test("writeNode.replicas 1 is accepted", () => {
        assert.equal(parseClusterConfig({ writeNode: { replicas: 1 } }).writeNode.replicas, 1);
    });

    for (const namespace of ["Milvus_Prod", "-x", "a".repeat(64)]) {
        test(`namespace ${JSON.stringify(namespace)} is not a DNS-1123 label`, () => {
            const p = expectProblem({ namespace }, "milvus-cluster:namespace", JSON.stringify(namespace));
            assert.match(p.allowed, /DNS-1123 label/);
        });
    }

    test("a 63-character namespace is accepted", () => {
        assert.equal(parseClusterConfig({ namespace: "a".repeat(63) }).namespace, "a".repeat(63));
    });

    test("gpu.enabled given as a string", () => {
        const p = expectProblem({ gpu: { enabled: "yes" } }, "milvus-cluster:gpu.enabled", '"yes"');
        assert.equal(p.allowed, "expected true or false");
    });

    test("readNodes given as a string instead of a map", () => {
        const p = expectProblem({ readNodes: "3" }, "milvus-cluster:readNodes", '"3"');
        assert.match(p.allowed, /replicas/);
        assert.match(p.allowed, /resources/);
    });

    test("unknown top-level key given a scalar (readNode typo) lists the known keys", () => {
        const error = refuse({ readNode: 3 });
        const p = problemFor(error, "milvus-cluster:readNode");
        assert.equal(p.given, "a value for an unknown key");
        assert.match(p.allowed, /known keys here: .*\breadNodes\b/);
        assert.match(p.allowed, /\bwriteNode\b/);
        assert.ok(!error.message.includes("got 3"), "the unknown key's value is not echoed");
    });

    test("unknown top-level key given a map (readNode: {replicas: 3}) lists the known top-level keys", () => {
        const error = refuse({ readNode: { replicas: 3 } });
        assert.equal(error.problems.length, 1, error.message);
        const p = problemFor(error, "milvus-cluster:readNode");
        assert.equal(p.given, "a value for an unknown key");
        assert.match(p.allowed, /^known keys here: .*\breadNodes\b/);
    });

    test("an empty map for a known section is accepted like an absent one", () => {
        assert.deepEqual(parseClusterConfig({ mode: "cluster", gpu: {} }), parseClusterConfig({ mode: "cluster" }));
    });

    test("an empty gpu.nodeSelector clears the default selector", () => {
        assert.deepEqual(parseClusterConfig({ mode: "cluster", gpu: { nodeSelector: {} } }).gpu.nodeSelector, {});
    });

    test("nested typo gpu.enabeld lists the keys known under gpu", () => {
        const error = refuse({ gpu: { enabeld: true } });
        assert.equal(error.problems.length, 1, error.message);
        const p = problemFor(error, "milvus-cluster:gpu.enabeld");
        assert.equal(p.given, "a value for an unknown key");
        assert.equal(
            p.allowed,
            "known keys here: allowedFamilies, devicePlugin, enabled, nodeSelector, perServer, resourceName, runtimeClassName, tolerateTaint",
        );
    });

    for (const image of ["milvus:latest", "milvus", "registry.example.com:5000/milvus/engine"]) {
        test(`image ${JSON.stringify(image)} is not pinned`, () => {
            const p = expectProblem({ images: { milvus: image } }, "milvus-cluster:images.milvus", JSON.stringify(image));
            assert.match(p.allowed, /pinned/);
        });
    }

    test("a backing service image must be pinned too", () => {
        expectProblem({ redis: { image: "redis:latest" } }, "milvus-cluster:redis.image", '"redis:latest"');
    });

    test("a quantity that is not a Kubernetes quantity", () => {
        const p = expectProblem(
            { readNodes: { resources: { limits: { memory: "lots" } } } },
            "milvus-cluster:readNodes.resources.limits.memory",
            '"lots"',
        );
        assert.match(p.allowed, /Kubernetes quantity/);
    });

    test("a volume size that is not a Kubernetes quantity", () => {
        expectProblem({ volumes: { logs: { size: "10GB" } } }, "milvus-cluster:volumes.logs.size", '"10GB"');
    });

    test("local storage in cluster mode on a ReadWriteOnce data volume", () => {
        const p = expectProblem(
            { volumes: { data: { accessMode: "ReadWriteOnce" } } },
            "milvus-cluster:volumes.data.accessMode",
            '"ReadWriteOnce"',
        );
        assert.match(p.allowed, /ReadWriteMany/);
    });

    test("ReadWriteOnce data volume is fine in single mode", () => {
        const config = parseClusterConfig({ mode: "single", volumes: { data: { accessMode: "ReadWriteOnce" } } });
        assert.equal(config.volumes.data.accessMode, "ReadWriteOnce");
    });

    test("external mysql without password or existingSecret", () => {
        const p = expectProblem(
            { mysql: { external: { host: "db.example.com", port: 3306 } } },
            "milvus-cluster:mysql.external.password",
            "nothing",
        );
        assert.match(p.allowed, /existingSecret/);
    });

    test("external mysql with an existingSecret instead of a password is accepted", () => {
        const config = parseClusterConfig({
            mysql: { external: { host: "10.0.0.7", port: 3306, existingSecret: { name: "db-creds", key: "pw" } } },
        });
        assert.deepEqual(config.mysql.external?.existingSecret, { name: "db-creds", key: "pw" });
    });

    test("external password with '@' is refused without echoing it", () => {
        const password = "hunter2@prod";
        const error = refuse({ mysql: { external: { host: "db.example.com", port: 3306, password } } });
        const p = problemFor(error, "milvus-cluster:mysql.external.password");
        assert.equal(p.given, "[secret]");
        assert.match(p.allowed, /letters, digits/);
        assert.ok(!error.message.includes(password), "the message must not contain the password");
        assert.ok(!error.message.includes("hunter2"), "the message must not contain any part of the password");
        assert.ok(!JSON.stringify(error.problems).includes("hunter2"), "the problems must not contain the password");
    });

    test("proxy.nodePort without serviceType NodePort", () => {
        const p = expectProblem({ proxy: { nodePort: 30530 } }, "milvus-cluster:proxy.nodePort", "30530");
        assert.match(p.allowed, /NodePort/);
    });

    test("proxy.nodePort with serviceType NodePort is accepted", () => {
        const config = parseClusterConfig({ proxy: { serviceType: "NodePort", nodePort: 30530 } });
        assert.equal(config.proxy.nodePort, 30530);
    });

    test("storage.s3 set while storage.backend is local", () => {
        const p = expectProblem(
            { storage: { backend: "local", s3: { bucket: "vectors" } } },
            "milvus-cluster:storage.s3",
            '{"bucket":"vectors"}',
        );
        assert.match(p.allowed, /storage\.backend/);
    });

    test("external s3 endpoint without keys or existingSecret", () => {
        const p = expectProblem(
            { storage: { backend: "s3", s3: { endpoint: "s3.example.com:9000" } } },
            "milvus-cluster:storage.s3.existingSecret",
            "nothing",
        );
        assert.match(p.allowed, /accessKey/);
    });

    test("S3 keys without an external endpoint (MinIO gets generated keys); a secret key is not echoed", () => {
        const p = expectProblem(
            { storage: { backend: "s3", s3: { secretKey: "topSecret9" } } },
            "milvus-cluster:storage.s3.secretKey",
            "[secret]",
        );
        assert.match(p.allowed, /storage\.s3\.endpoint/);
        assert.ok(!refuse({ storage: { backend: "s3", s3: { secretKey: "topSecret9" } } }).message.includes("topSecret9"));
    });

    test("minio.external is refused in favour of storage.s3.endpoint", () => {
        const p = expectProblem(
            { storage: { backend: "s3" }, minio: { external: { host: "minio.example.com", port: 9000 } } },
            "milvus-cluster:minio.external",
            '{"host":"minio.example.com","port":9000}',
        );
        assert.match(p.allowed, /storage\.s3\.endpoint/);
    });

    test("an existingSecret without a name", () => {
        const p = expectProblem(
            { mysql: { external: { host: "db.example.com", port: 3306, existingSecret: { key: "pw" } } } },
            "milvus-cluster:mysql.external.existingSecret.name",
            "nothing",
        );
        assert.match(p.allowed, /name of a Secret/);
    });

    test("a ServiceMonitor while metrics are off", () => {
        const p = expectProblem({ metrics: { enabled: false, serviceMonitor: true } }, "milvus-cluster:metrics.serviceMonitor", "true");
        assert.match(p.allowed, /metrics\.enabled/);
    });

    test("external s3 endpoint with both keys and existingSecret", () => {
        expectProblem(
            {
                storage: {
                    backend: "s3",
                    s3: { endpoint: "s3.example.com", accessKey: "AK", secretKey: "SK", existingSecret: "s3-keys" },
                },
            },
            "milvus-cluster:storage.s3.existingSecret",
            '"s3-keys"',
        );
    });
});

describe("parseClusterConfig: many problems at once", () => {
    test("one ConfigError lists every problem and the message names each key", () => {
        const raw: RawConfig = {
            milvus: { release: "0.4" },
            mode: "multi",
            namespace: "Milvus_Prod",
            readNodes: { replicas: 0 },
            gpu: { enabled: "yes" },
            mq: { backend: "kafka" },
            images: { milvus: "milvus:latest" },
            proxy: { serviceType: "Ingress", nodePort: 30530 },
            workers: { replicas: "2x" },
            readNode: 3,
        };
        const error = refuse(raw);
        const expected: Record<string, string> = {
            "milvus-cluster:mode": '"multi"',
            "milvus-cluster:namespace": '"Milvus_Prod"',
            "milvus-cluster:readNodes.replicas": "0",
            "milvus-cluster:gpu.enabled": '"yes"',
            "milvus-cluster:mq.backend": '"kafka"',
            "milvus-cluster:images.milvus": '"milvus:latest"',
            "milvus-cluster:proxy.serviceType": '"Ingress"',
            "milvus-cluster:proxy.nodePort": "30530",
            "milvus-cluster:workers.replicas": '"2x"',
            "milvus-cluster:readNode": "a value for an unknown key",
        };
        assert.deepEqual([...new Set(error.problems.map((p) => p.key))].sort(), Object.keys(expected).sort());
        assert.equal(error.problems.length, Object.keys(expected).length);
        for (const [key, given] of Object.entries(expected)) {
            assert.ok(error.message.includes(`  - ${key}: got ${given}; `), `message should list ${key}:\n${error.message}`);
        }
        assert.match(error.message, /^Invalid stack config \(10 problems\); nothing was deployed:\n/);
        assert.equal(error.name, "ConfigError");
    });
});

describe("parseClusterConfig: quantities given as numbers", () => {
    test("`cpu: 4` (YAML) and `pulumi config set --path proxy.resources.limits.cpu 3` are quantities", () => {
        const config = parseClusterConfig({
            proxy: { resources: { limits: { cpu: 3 }, requests: { cpu: 0.5 } } },
            mysql: { storage: { size: 1073741824 } },
        });
        assert.deepEqual(config.proxy.resources.limits.cpu, "3");
        assert.deepEqual(config.proxy.resources.requests.cpu, "0.5");
        assert.equal(config.mysql.storage.size, "1073741824");
    });
    test("a negative number is still refused, naming the key", () => {
        expectProblem({ proxy: { resources: { limits: { cpu: -1 } } } }, "milvus-cluster:proxy.resources.limits.cpu", "-1");
    });
});

describe("parseClusterConfig: values typed as `pulumi config set --path` stores them", () => {
    // `--path` stores true, false and integers as such, and everything else (0.9, a leading 0) as a string.
    // milvus.cacheFreePercent, the one fractional key, belongs to the 0.4 line's server config.
    test("a number key takes numeric text: --path milvus.cacheFreePercent 0.9", () => {
        const config = parseClusterConfig({ milvus: { release: "0.4", cacheFreePercent: "0.9", cpuCacheCapacityGb: "8" } });
        assert.equal(config.milvus.cacheFreePercent, 0.9);
        assert.equal(config.milvus.cpuCacheCapacityGb, 8);
    });

    test("an integer key takes integer text, with its range still checked", () => {
        assert.equal(parseClusterConfig({ readNodes: { replicas: "3" } }).readNodes.replicas, 3);
        assert.equal(parseClusterConfig({ proxy: { serviceType: "NodePort", nodePort: "30080" } }).proxy.nodePort, 30080);
        const p = expectProblem({ rolloutTimeoutSeconds: "10" }, "milvus-cluster:rolloutTimeoutSeconds", '"10"');
        assert.equal(p.allowed, "expected an integer from 30 to 7200");
    });

    for (const bad of ["0.9abc", "", " 0.9", "0,9", "1e-1", ".5", "Infinity", "0x1"]) {
        test(`number key refuses ${JSON.stringify(bad)}, naming key, value and range`, () => {
            const p = expectProblem(
                { milvus: { release: "0.4", cacheFreePercent: bad } },
                "milvus-cluster:milvus.cacheFreePercent",
                JSON.stringify(bad),
            );
            assert.equal(p.allowed, "expected a number from 0 to 1");
        });
    }

    test("numeric text out of range is refused like the number", () => {
        expectProblem({ milvus: { release: "0.4", cacheFreePercent: "1.5" } }, "milvus-cluster:milvus.cacheFreePercent", '"1.5"');
    });

    test("a text key takes a whole number as its digits: --path mysql.database 2024", () => {
        const config = parseClusterConfig({ milvus: { release: "0.4" }, mysql: { database: 2024, user: 7 } });
        assert.equal(config.mysql.database, "2024");
        assert.equal(config.mysql.user, "7");
        // A number is text too, but "0" is no key the seed's monitor accepts (it must start with "monitor:").
        assert.throws(
            () => parseClusterConfig({ milvus: { release: "0.4" }, monitor: { serversMonitorKey: 0 } }),
            (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.key === "milvus-cluster:monitor.serversMonitorKey"),
        );
    });

    test("a text key refuses a number that lost digits on the way, or a fraction, saying how to quote it", () => {
        // eslint-disable-next-line no-loss-of-precision -- the number that lost digits is the point
        for (const bad of [12345678901234567890, 1.5]) {
            const p = expectProblem({ mysql: { database: bad } }, "milvus-cluster:mysql.database", JSON.stringify(bad));
            assert.match(p.allowed, /quote this number/);
        }
    });

    test("a text key's own check still applies to the digits", () => {
        // DNS-1123 labels may be all digits; a negative number is not one.
        assert.equal(parseClusterConfig({ gpu: { devicePlugin: { namespace: 2024 } } }).gpu.devicePlugin.namespace, "2024");
        const p = expectProblem({ gpu: { devicePlugin: { namespace: -1 } } }, "milvus-cluster:gpu.devicePlugin.namespace", "-1");
        assert.match(p.allowed, /DNS-1123 label/);
    });

    test('a boolean key takes "true" and "false" text, and nothing else', () => {
        assert.equal(parseClusterConfig({ gpu: { enabled: "false" } }).gpu.enabled, false);
        assert.equal(parseClusterConfig({ createNamespace: "false" }).createNamespace, false);
        assert.equal(parseClusterConfig({ metrics: { enabled: "true", serviceMonitor: "true" } }).metrics.serviceMonitor, true);
        for (const bad of ["True", "yes", "1", ""]) {
            expectProblem({ gpu: { enabled: bad } }, "milvus-cluster:gpu.enabled", JSON.stringify(bad));
        }
    });

    test("end to end from the engine's config map, as `pulumi config set --path` leaves it", () => {
        const raw = rawConfigFromStack(
            {
                "milvus-cluster:milvus": '{"release":"0.4","cacheFreePercent":"0.9"}',
                "milvus-cluster:mysql": '{"database":2024,"user":"0123"}',
                "milvus-cluster:readNodes": '{"replicas":4}',
            },
            "milvus-cluster",
        );
        const config = parseClusterConfig(raw);
        assert.equal(config.milvus.cacheFreePercent, 0.9);
        assert.equal(config.mysql.database, "2024");
        assert.equal(config.mysql.user, "0123");
        assert.equal(config.readNodes.replicas, 4);
    });
});

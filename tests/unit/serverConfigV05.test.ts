// The 0.10/1.1 server config (config version 0.5), held against the checks the servers apply at start
// (tests/helpers/milvusStartupRules.ts, re-stated from milvus-io/milvus v1.1.1 and v0.10.6).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mysqlConnection, s3Connection } from "../helpers/connections";
import { parse, stringify } from "yaml";
import { parseClusterConfig } from "../../components/config/parseClusterConfig";
import { milvusServerFiles } from "../../components/milvus/milvusServerFiles";
import { releaseProfiles } from "../../components/release/milvusReleases";
import { ServerRole } from "../../components/render/serverConfigInput";
import { parseBytes, startupProblems, V05Release } from "../helpers/milvusStartupRules";

const s3 = s3Connection("milvus");

/** The server config of one release, role, storage and GPU count, from the same config the stacks use. */
function rendered(release: V05Release, role: ServerRole, options: { s3?: boolean; gpus?: number; metrics?: boolean } = {}): string {
    const gpus = options.gpus ?? 1;
    const config = parseClusterConfig({
        milvus: { release },
        gpu: gpus === 0 ? { enabled: false } : { perServer: gpus },
        ...(options.s3 === true ? { storage: { backend: "s3" } } : {}),
        metrics: { enabled: options.metrics ?? true },
    });
    return milvusServerFiles({
        release,
        role,
        tuning: config.milvus,
        gpu: config.gpu,
        metricsEnabled: config.metrics.enabled,
        metastore: role === "single" ? undefined : mysqlConnection,
        objectStorage: options.s3 === true ? s3 : undefined,
    }).data["config.yml"];
}

interface V05Yaml {
    version: string;
    cluster: { enable: boolean; role: string };
    general: { timezone: string; meta_uri: string };
    network: Record<string, unknown>;
    storage: Record<string, unknown>;
    wal: { enable: boolean; recovery_error_ignore: boolean; buffer_size: string; path: string };
    cache: { cache_size: string; insert_buffer_size: string };
    gpu: { enable: boolean; search_devices: string[]; build_index_devices: string[] };
    logs: Record<string, unknown>;
    metric: { enable: boolean; address: string; port: number };
}

const cases: { release: V05Release; role: ServerRole; s3: boolean; gpus: number }[] = [];
for (const release of ["1.1", "0.10"] as const) {
    for (const role of ["single", "write", "read"] as const) {
        for (const s3Storage of release === "1.1" ? [false, true] : [false]) {
            for (const gpus of [0, 1, 2]) {
                cases.push({ release, role, s3: s3Storage, gpus });
            }
        }
    }
}

describe("server config 0.5: every release x role x storage x GPUs passes the servers' start-up checks", () => {
    for (const c of cases) {
        test(`release ${c.release}, ${c.role}, ${c.s3 ? "S3" : "local"} storage, ${c.gpus} GPU(s)`, () => {
            const text = rendered(c.release, c.role, { s3: c.s3, gpus: c.gpus });
            assert.deepEqual(startupProblems(text, { release: c.release, gpuCount: c.gpus, gpuBuild: c.gpus > 0 }), []);
            const doc = parse(text) as V05Yaml;
            assert.equal(doc.version, "0.5");
            assert.deepEqual(doc.cluster, { enable: c.role !== "single", role: c.role === "read" ? "ro" : "rw" });
            assert.equal(doc.gpu.enable, c.gpus > 0);
            if (c.gpus > 0) {
                assert.deepEqual(
                    doc.gpu.search_devices,
                    Array.from({ length: c.gpus }, (_, i) => `gpu${i}`),
                );
            }
            assert.equal(doc.storage.s3_enabled, c.s3 ? true : undefined);
        });
    }
});

describe("server config 0.5: what differs between roles and releases", () => {
    test("read-only nodes keep no write-ahead log and ignore WAL recovery errors (milvus-helm milvus-1.1.6 _readonly_server_config.tpl)", () => {
        const write = parse(rendered("1.1", "write")) as V05Yaml;
        const read = parse(rendered("1.1", "read")) as V05Yaml;
        assert.deepEqual([write.wal.enable, write.wal.recovery_error_ignore], [true, false]);
        assert.deepEqual([read.wal.enable, read.wal.recovery_error_ignore], [false, true]);
        // Everything else is the same file.
        const rest = (doc: V05Yaml): unknown => ({ ...doc, cluster: undefined, wal: { ...doc.wal, enable: 0, recovery_error_ignore: 0 } });
        assert.deepEqual(rest(write), rest(read));
    });

    test("storage.path is the data volume (writable by a non-root server); the WAL lies on it, under db/ beside the tables", () => {
        const doc = parse(rendered("1.1", "write")) as V05Yaml;
        assert.equal(doc.storage.path, releaseProfiles["1.1"].paths.data);
        assert.equal(doc.storage.path, "/var/lib/milvus/data");
        assert.equal(doc.wal.path, "/var/lib/milvus/data/db/wal");
    });

    test("logs.log_to_stdout is written for 1.1 only (0.10.6 has no such key)", () => {
        assert.equal((parse(rendered("1.1", "write")) as V05Yaml).logs.log_to_stdout, true);
        assert.equal((parse(rendered("0.10", "write")) as V05Yaml).logs.log_to_stdout, undefined);
    });

    test("metrics go to the Pushgateway beside the server, at 127.0.0.1:9091; off when metrics are off", () => {
        assert.deepEqual((parse(rendered("1.1", "read")) as V05Yaml).metric, { enable: true, address: "127.0.0.1", port: 9091 });
        assert.equal((parse(rendered("1.1", "read", { metrics: false })) as V05Yaml).metric.enable, false);
    });

    test("sizes are written with units the server's parse_bytes reads, and mean what the config says", () => {
        const config = parseClusterConfig({ milvus: { cpuCacheCapacityGb: 6, insertBufferSizeGb: 2, walBufferSizeMb: 512 } });
        const doc = parse(
            milvusServerFiles({
                release: "1.1",
                role: "write",
                tuning: config.milvus,
                gpu: config.gpu,
                metricsEnabled: true,
                metastore: mysqlConnection,
            }).data["config.yml"],
        ) as V05Yaml;
        assert.equal(parseBytes(doc.cache.cache_size), 6 * 1024 ** 3);
        assert.equal(parseBytes(doc.cache.insert_buffer_size), 2 * 1024 ** 3);
        assert.equal(parseBytes(doc.wal.buffer_size), 512 * 1024 ** 2);
    });

    test("credentials stay placeholders: the MySQL password and the S3 keys", () => {
        const doc = parse(rendered("1.1", "write", { s3: true })) as V05Yaml;
        assert.equal(doc.general.meta_uri, "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus");
        assert.equal(doc.storage.s3_access_key, "$(S3_ACCESS_KEY)");
        assert.equal(doc.storage.s3_secret_key, "$(S3_SECRET_KEY)");
    });

    test("single mode with SQLite has the literal URI the server's parser accepts", () => {
        assert.equal((parse(rendered("1.1", "single")) as V05Yaml).general.meta_uri, "sqlite://:@:/");
    });
});

describe("the start-up rules reject what the servers reject (so the checks above can fail)", () => {
    const good = rendered("1.1", "write", { gpus: 1 });
    const env = { release: "1.1" as const, gpuCount: 1, gpuBuild: true };
    type Edit = (doc: Record<string, Record<string, unknown>>) => void;
    const mutate = (edit: Edit): string => {
        const doc = parse(good) as Record<string, Record<string, unknown>>;
        edit(doc);
        return stringify(doc);
    };
    /** The edit that sets `section.key` (a flat key, dots included) to `value`. */
    const set =
        (section: string, key: string, value: unknown): Edit =>
        (d) => {
            d[section][key] = value;
        };
    const rejected: Record<string, Edit> = {
        "version 0.4": (d) => {
            (d as Record<string, unknown>).version = "0.4";
        },
        "no version": (d) => {
            delete (d as Record<string, unknown>).version;
        },
        "cluster.role writer": set("cluster", "role", "writer"),
        "timezone UTC+24": set("general", "timezone", "UTC+24"),
        "meta_uri without a port delimiter": set("general", "meta_uri", "mysql://milvus:pw@milvus-mysql/milvus"),
        "meta_uri of another dialect": set("general", "meta_uri", "postgresql://milvus:pw@db:5432/milvus"),
        "bind.address as a DNS name": set("network", "bind.address", "localhost"),
        "bind.port 80": set("network", "bind.port", 80),
        "network.bind as a nested map": (d) => {
            delete d.network["bind.address"];
            d.network.bind = { address: "0.0.0.0" };
        },
        "storage.path with a dot": set("storage", "path", "/var/lib/milvus.data"),
        "cache_size in TB": set("cache", "cache_size", "1TB"),
        "a GPU the pod does not have": set("gpu", "search_devices", ["gpu1"]),
        "devices as a string, not a sequence": set("gpu", "build_index_devices", "gpu0"),
        "logs.level verbose": set("logs", "level", "verbose"),
        "max_log_file_size 100MB": set("logs", "max_log_file_size", "100MB"),
        "metric.port 65535": set("metric", "port", 65535),
        "metric.address as a Service name": set("metric", "address", "milvus-pushgateway"),
        "a missing key (the server would use its default)": (d) => {
            delete d.wal.path;
        },
    };
    test("our rendered file passes", () => {
        assert.deepEqual(startupProblems(good, env), []);
    });
    /** What each refusal must name: the key (or check) the mutation broke. */
    const names: Record<keyof typeof rejected, string> = {
        "version 0.4": "config version",
        "no version": "config version",
        "cluster.role writer": "cluster.role",
        "timezone UTC+24": "general.timezone",
        "meta_uri without a port delimiter": "meta uri",
        "meta_uri of another dialect": "meta uri",
        "bind.address as a DNS name": "network.bind.address",
        "bind.port 80": "network.bind.port",
        "network.bind as a nested map": "network.bind",
        "storage.path with a dot": "storage.path",
        "cache_size in TB": "cache.cache_size",
        "a GPU the pod does not have": "gpu.search_devices",
        "devices as a string, not a sequence": "gpu.build_index_devices",
        "logs.level verbose": "logs.level",
        "max_log_file_size 100MB": "logs.max_log_file_size",
        "metric.port 65535": "metric",
        "metric.address as a Service name": "metric.address",
        "a missing key (the server would use its default)": "wal.path",
    };
    test("an edit that changes nothing round-trips to no problem (so each refusal below is the edit's)", () => {
        assert.deepEqual(
            startupProblems(
                mutate(() => undefined),
                env,
            ),
            [],
        );
    });
    for (const [what, edit] of Object.entries(rejected)) {
        test(what, () => {
            const problems = startupProblems(mutate(edit), env);
            assert.notDeepEqual(problems, [], what);
            assert.ok(
                problems.some((p) => p.includes(names[what])),
                `${what}: expected a problem naming ${names[what]}, got ${problems.join("; ")}`,
            );
        });
    }
    test("0.10.6 rejects 1.1-only keys and S3 settings it never reads", () => {
        assert.notDeepEqual(startupProblems(rendered("1.1", "write"), { release: "0.10", gpuCount: 1, gpuBuild: true }), []);
        assert.deepEqual(startupProblems(rendered("0.10", "write"), { release: "0.10", gpuCount: 1, gpuBuild: true }), []);
    });
});

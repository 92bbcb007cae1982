// The seed's Milvus 0.3/0.4 server files, held against the 0.4 source (milvus-io/milvus branch-0.4.0 at 33762b47,
// "Merge branch 'branch-0.4.0'", 2019-09-12, in the haojunyu/milvus mirror, which carries no v0.4.0 tag):
//   cpp/src/server/ServerConfig.h      the section and key names of server_config.yaml
//   cpp/src/server/ServerConfig.cpp    mode single|cluster|read_only, resource_config mode `simple` with a resources list
//   cpp/conf/log_config.template       the easylogging++ log.conf blocks and their keys
// `server_config.gpu_index` is a 0.3.1 key; no 0.3.1 source is mirrored here, so that key is unverified.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mysqlConnection, s3Connection } from "../helpers/connections";
import { parse } from "yaml";
import { GpuConfig, MilvusTuning } from "../../components/config/types";
import { milvusServerFiles } from "../../components/milvus/milvusServerFiles";
import { renderMilvusLogConfig } from "../../components/render/milvusLogConfig";
import { ServerConfigInput, ServerRole } from "../../components/render/serverConfigInput";
import { renderServerConfigV04 } from "../../components/render/serverConfigV04";

const tuning: MilvusTuning = {
    port: 19531,
    metricsPort: 9091,
    timeZone: "UTC+8",
    cpuCacheCapacityGb: 12,
    cacheFreePercent: 0.8,
    insertBufferSizeGb: 2,
    useBlasThreshold: 30,
    archiveDiskThresholdGb: 100,
    archiveDaysThreshold: 7,
    logLevel: "warning",
    dataPath: "/var/lib/milvus/db",
    logPath: "/var/log/milvus",
    serverConfigPath: "/opt/milvus/conf/server_config.yaml",
    logConfigPath: "/opt/milvus/conf/log_config.conf",
    gpuCacheCapacityGb: 1,
    gpuSearchThreshold: 1000,
    autoFlushIntervalSeconds: 1,
    walBufferSizeMb: 256,
};

const gpu: GpuConfig = {
    enabled: true,
    perServer: 1,
    resourceName: "nvidia.com/gpu",
    nodeSelector: {},
    allowedFamilies: [],
    tolerateTaint: true,
    devicePlugin: { enabled: true, namespace: "kube-system" },
};

const s3 = s3Connection("vectors");

/** The parts of config.yml the tests read. */
interface ServerYaml {
    server_config: { address: string; port: number; mode: string; time_zone: string; gpu_index: number };
    db_config: {
        db_path: string;
        db_slave_path: string;
        db_backend_url: string;
        archive_disk_threshold: number;
        archive_days_threshold: number;
        insert_buffer_size: number;
        build_index_gpu: number;
    };
    metric_config: { is_startup: string; collector: string; prometheus_config: { port: number } };
    cache_config: { cpu_cache_capacity: number; cpu_cache_free_percent: number; insert_cache_immediately: boolean };
    engine_config: { use_blas_threshold: number };
    resource_config: { mode: string; resources: string[] };
    storage_config?: {
        s3_enable: boolean;
        s3_address: string;
        s3_port: number;
        s3_access_key: string;
        s3_secret_key: string;
        s3_bucket: string;
    };
}

const baseInput: ServerConfigInput = {
    role: "write",
    tuning,
    metaUri: "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
    gpuCount: 1,
    metrics: { address: "127.0.0.1", port: 9091 },
    stdoutLogging: false,
};

const render = (overrides: Partial<ServerConfigInput> = {}): ServerYaml =>
    parse(renderServerConfigV04({ ...baseInput, ...overrides })) as ServerYaml;

describe("renderServerConfigV04 (Milvus 0.3/0.4)", () => {
    const modes: Record<ServerRole, string> = { single: "single", write: "cluster", read: "read_only" };
    for (const [role, mode] of Object.entries(modes) as [ServerRole, string][]) {
        test(`role ${role} is server_config.mode ${mode}`, () => {
            assert.equal(render({ role }).server_config.mode, mode);
        });
    }

    test("server_config address, port and time zone", () => {
        const { server_config } = render();
        assert.equal(server_config.address, "0.0.0.0");
        assert.equal(server_config.port, 19531);
        assert.equal(server_config.time_zone, "UTC+8");
        assert.equal(server_config.gpu_index, 0);
    });

    test("db_config passes the backend URL through and carries the tuning", () => {
        const { db_config } = render();
        assert.deepEqual(db_config, {
            db_path: "/var/lib/milvus/db",
            db_slave_path: "",
            db_backend_url: "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
            archive_disk_threshold: 100,
            archive_days_threshold: 7,
            insert_buffer_size: 2,
            build_index_gpu: 0,
        });
    });

    test("the SQLite URL survives YAML", () => {
        assert.equal(render({ metaUri: "sqlite://:@:/" }).db_config.db_backend_url, "sqlite://:@:/");
    });

    test("metric_config on", () => {
        assert.deepEqual(render().metric_config, {
            is_startup: "on",
            collector: "prometheus",
            prometheus_config: { port: 9091 },
        });
    });

    test("metric_config off", () => {
        assert.equal(render({ metrics: undefined }).metric_config.is_startup, "off");
    });

    test("cache_config and engine_config", () => {
        const doc = render();
        assert.deepEqual(doc.cache_config, {
            cpu_cache_capacity: 12,
            cpu_cache_free_percent: 0.8,
            insert_cache_immediately: false,
        });
        assert.deepEqual(doc.engine_config, { use_blas_threshold: 30 });
    });

    test("resource_config lists one entry per GPU", () => {
        assert.deepEqual(render({ gpuCount: 2 }).resource_config, { mode: "simple", resources: ["gpu0", "gpu1"] });
    });

    test("resource_config is cpu without GPUs", () => {
        assert.deepEqual(render({ gpuCount: 0 }).resource_config.resources, ["cpu"]);
    });

    test("no storage_config even with S3 settings: 0.3/0.4 servers read none", () => {
        const text = renderServerConfigV04({
            ...baseInput,
            s3: { address: "s3.example.com", port: 443, bucket: "vectors", accessKey: "$(A)", secretKey: "$(S)" },
        });
        assert.equal((parse(text) as ServerYaml).storage_config, undefined);
        assert.ok(!text.includes("s3_"), text);
    });
});

describe("milvusServerFiles", () => {
    const files = (overrides: Partial<Parameters<typeof milvusServerFiles>[0]> = {}) =>
        milvusServerFiles({ release: "0.4", role: "write", tuning, gpu, metricsEnabled: true, ...overrides });
    const configOf = (data: Record<string, string>): ServerYaml => parse(data["config.yml"]) as ServerYaml;

    test("renders exactly config.yml and log.conf", () => {
        assert.deepEqual(Object.keys(files().data).sort(), ["config.yml", "log.conf"]);
        assert.equal(files().data["log.conf"], renderMilvusLogConfig(tuning));
    });

    test("a MySQL metastore becomes a mysql:// URL with the password placeholder", () => {
        const result = files({ metastore: mysqlConnection });
        assert.equal(configOf(result.data).db_config.db_backend_url, "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus");
        assert.deepEqual(result.credentials, [{ name: "MYSQL_PASSWORD", secret: { name: "milvus-mysql-credentials", key: "password" } }]);
    });

    test("without a metastore it is SQLite and needs no credentials", () => {
        const result = files({ role: "single" });
        assert.equal(configOf(result.data).db_config.db_backend_url, "sqlite://:@:/");
        assert.equal(configOf(result.data).server_config.mode, "single");
        assert.deepEqual(result.credentials, []);
    });

    test("S3 storage adds the key credentials", () => {
        const result = files({ release: "1.1", metastore: mysqlConnection, objectStorage: s3 });
        assert.deepEqual(
            result.credentials.map((c) => c.name),
            ["MYSQL_PASSWORD", "S3_ACCESS_KEY", "S3_SECRET_KEY"],
        );
        assert.deepEqual(result.credentials[1].secret, { name: "milvus-s3-credentials", key: "accessKey" });
        assert.deepEqual(result.credentials[2].secret, { name: "milvus-s3-credentials", key: "secretKey" });
    });

    test("releases 0.10 and 1.1 get no log.conf: their logging is a section of the config file", () => {
        for (const release of ["0.10", "1.1"] as const) {
            assert.deepEqual(Object.keys(files({ release }).data), ["config.yml"], release);
        }
    });

    test("the GPU count follows gpu.enabled and gpu.perServer", () => {
        assert.deepEqual(configOf(files({ gpu: { ...gpu, perServer: 2 } }).data).resource_config.resources, ["gpu0", "gpu1"]);
        assert.deepEqual(configOf(files({ gpu: { ...gpu, enabled: false, perServer: 2 } }).data).resource_config.resources, ["cpu"]);
    });

    test("read-only nodes render read_only", () => {
        assert.equal(configOf(files({ role: "read", metastore: mysqlConnection }).data).server_config.mode, "read_only");
    });

    test("the config text holds placeholders, never a secret's name, key or value", () => {
        for (const release of ["0.4", "1.1"] as const) {
            const result = files({ release, metastore: mysqlConnection, objectStorage: s3 });
            const text = Object.values(result.data).join("\n");
            assert.ok(text.includes("$(MYSQL_PASSWORD)"), release);
            assert.ok(!text.includes("milvus-mysql-credentials"), text);
            assert.ok(!text.includes("milvus-s3-credentials"), text);
            assert.match(text, /mysql:\/\/milvus:\$\(MYSQL_PASSWORD\)@milvus-mysql:3306\/milvus/);
        }
        const withS3 = parse(files({ release: "1.1", metastore: mysqlConnection, objectStorage: s3 }).data["config.yml"]) as {
            storage: Record<string, string>;
        };
        assert.equal(withS3.storage.s3_access_key, "$(S3_ACCESS_KEY)");
        assert.equal(withS3.storage.s3_secret_key, "$(S3_SECRET_KEY)");
    });
});

describe("renderMilvusLogConfig", () => {
    /** `level -> { FILENAME, ENABLED }` of each `* LEVEL:` block. */
    const blocks = (text: string): Record<string, Record<string, string>> => {
        const out: Record<string, Record<string, string>> = {};
        let current = "";
        for (const line of text.split("\n")) {
            const header = /^\* ([A-Z]+):$/.exec(line);
            if (header !== null) {
                current = header[1];
                out[current] = {};
                continue;
            }
            const setting = /^\s+([A-Z_]+)\s+= (.*)$/.exec(line);
            if (setting !== null && current !== "") {
                out[current][setting[1]] = setting[2];
            }
        }
        return out;
    };

    const levels = ["TRACE", "VERBOSE", "DEBUG", "INFO", "WARNING", "ERROR", "FATAL"];
    const enabled = (logLevel: MilvusTuning["logLevel"]): Record<string, string> => {
        const parsed = blocks(renderMilvusLogConfig({ logLevel, logPath: "/logs" }));
        return Object.fromEntries(levels.map((l) => [l, parsed[l]?.ENABLED]));
    };

    /** Each `logLevel` and the levels it leaves on; every other level is off. */
    const onLevels: [MilvusTuning["logLevel"], string[]][] = [
        ["warning", ["WARNING", "ERROR", "FATAL"]],
        ["debug", ["DEBUG", "INFO", "WARNING", "ERROR", "FATAL"]],
        ["info", ["INFO", "WARNING", "ERROR", "FATAL"]],
        ["error", ["ERROR", "FATAL"]],
    ];
    for (const [logLevel, on] of onLevels) {
        test(`${logLevel}: ${on[0]} and above are on, the levels below it off`, () => {
            assert.deepEqual(enabled(logLevel), Object.fromEntries(levels.map((l) => [l, String(on.includes(l))])));
        });
    }

    test("GLOBAL block writes to file and stdout", () => {
        const global = blocks(renderMilvusLogConfig(tuning)).GLOBAL;
        assert.equal(global.ENABLED, "true");
        assert.equal(global.TO_FILE, "true");
        assert.equal(global.TO_STANDARD_OUTPUT, "true");
        assert.equal(global.MAX_LOG_FILE_SIZE, "209715200");
    });

    test("every FILENAME is under logPath", () => {
        const parsed = blocks(renderMilvusLogConfig({ logLevel: "info", logPath: "/var/log/milvus" }));
        const names = Object.entries(parsed).map(([level, settings]) => [level, settings.FILENAME] as const);
        assert.equal(names.length, 8);
        for (const [level, filename] of names) {
            assert.ok(filename.startsWith('"/var/log/milvus/milvus-'), `${level}: ${filename}`);
            assert.ok(filename.endsWith(`-${level.toLowerCase()}.log"`), `${level}: ${filename}`);
        }
    });

    test("starts with the GLOBAL block and ends with a newline", () => {
        const text = renderMilvusLogConfig(tuning);
        assert.ok(text.startsWith("* GLOBAL:\n"));
        assert.ok(text.endsWith("\n"));
    });
});

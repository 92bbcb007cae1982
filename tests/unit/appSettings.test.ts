import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { celerySettings } from "../../components/render/celerySettings";
import { MishardsSettingsInput, mishardsSettings, readNodeHosts } from "../../components/render/mishardsSettings";
import { renderDotenvFile } from "../../components/render/dotenvFile";
import { dotenv } from "../helpers/dotenv";

const proxyInput = (overrides: Partial<MishardsSettingsInput> = {}): MishardsSettingsInput => ({
    proxy: { discovery: "kubernetes", discoveryPollSeconds: 5, maxWorkers: 8, logLevel: "INFO" },
    namespace: "milvus-prod",
    port: 19530,
    writeNodeHost: "milvus-wo-servers",
    databaseUri: "mysql+pymysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
    readNodesName: "milvus-ro-servers",
    readNodesLabelSelector: "app.kubernetes.io/instance=milvus,app.kubernetes.io/component=read-node",
    readNodeReplicas: 3,
    logPath: "/var/log/milvus-proxy",
    ...overrides,
});

describe("readNodeHosts", () => {
    test("one DNS name per replica through the headless Service", () => {
        assert.deepEqual(readNodeHosts("milvus-ro-servers", "milvus", 3), [
            "milvus-ro-servers-0.milvus-ro-servers.milvus.svc.cluster.local",
            "milvus-ro-servers-1.milvus-ro-servers.milvus.svc.cluster.local",
            "milvus-ro-servers-2.milvus-ro-servers.milvus.svc.cluster.local",
        ]);
    });
    test("one replica", () => {
        assert.deepEqual(readNodeHosts("ro", "ns", 1), ["ro-0.ro.ns.svc.cluster.local"]);
    });
});

describe("mishardsSettings", () => {
    test("kubernetes discovery", () => {
        assert.deepEqual(mishardsSettings(proxyInput()), {
            SERVER_PORT: "19530",
            WOSERVER: "tcp://milvus-wo-servers:19530",
            SQLALCHEMY_DATABASE_URI: "mysql+pymysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
            DISCOVERY_CLASS_NAME: "kubernetes",
            DISCOVERY_KUBERNETES_NAMESPACE: "milvus-prod",
            DISCOVERY_KUBERNETES_POD_PATT: "milvus-ro-servers-[0-9]+$",
            DISCOVERY_KUBERNETES_LABEL_SELECTOR: "app.kubernetes.io/instance=milvus,app.kubernetes.io/component=read-node",
            DISCOVERY_KUBERNETES_IN_CLUSTER: "true",
            DISCOVERY_KUBERNETES_POLL_INTERVAL: "5",
            DISCOVERY_KUBERNETES_PORT: "19530",
            ROUTER_CLASS_NAME: "FileBasedHashRingRouter",
            MAX_WORKERS: "8",
            LOG_LEVEL: "INFO",
            LOG_PATH: "/var/log/milvus-proxy",
        });
    });

    test("the kubernetes pod pattern matches read-only pods only, under Python's re.match (anchored at the start only)", () => {
        // shards/discovery/plugins/kubernetes_provider.py (v1.1.1): re.compile(pod_patt).match(pod_name).
        const pattern = new RegExp(`^(?:${mishardsSettings(proxyInput()).DISCOVERY_KUBERNETES_POD_PATT})`);
        assert.ok(pattern.test("milvus-ro-servers-0"));
        assert.ok(pattern.test("milvus-ro-servers-12"));
        assert.ok(!pattern.test("milvus-wo-servers-0"));
        assert.ok(!pattern.test("milvus-ro-servers-0-debug"), "a longer name that starts like a read-only pod");
        assert.ok(!pattern.test("milvus-ro-servers-x"));
    });

    test("static discovery lists exactly `replicas` hosts", () => {
        const settings = mishardsSettings(
            proxyInput({ proxy: { discovery: "static", discoveryPollSeconds: 5, maxWorkers: 16, logLevel: "DEBUG" } }),
        );
        assert.deepEqual(settings, {
            SERVER_PORT: "19530",
            WOSERVER: "tcp://milvus-wo-servers:19530",
            SQLALCHEMY_DATABASE_URI: "mysql+pymysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
            DISCOVERY_CLASS_NAME: "static",
            DISCOVERY_STATIC_HOSTS: [
                "milvus-ro-servers-0.milvus-ro-servers.milvus-prod.svc.cluster.local",
                "milvus-ro-servers-1.milvus-ro-servers.milvus-prod.svc.cluster.local",
                "milvus-ro-servers-2.milvus-ro-servers.milvus-prod.svc.cluster.local",
            ].join(","),
            DISCOVERY_STATIC_PORT: "19530",
            ROUTER_CLASS_NAME: "FileBasedHashRingRouter",
            MAX_WORKERS: "16",
            LOG_LEVEL: "DEBUG",
            LOG_PATH: "/var/log/milvus-proxy",
        });
    });

    test("static host count follows the replica count", () => {
        for (const replicas of [1, 2, 5]) {
            const settings = mishardsSettings(
                proxyInput({
                    readNodeReplicas: replicas,
                    proxy: { discovery: "static", discoveryPollSeconds: 5, maxWorkers: 8, logLevel: "INFO" },
                }),
            );
            const hosts = settings.DISCOVERY_STATIC_HOSTS.split(",");
            assert.equal(hosts.length, replicas);
            assert.equal(hosts[replicas - 1], `milvus-ro-servers-${replicas - 1}.milvus-ro-servers.milvus-prod.svc.cluster.local`);
        }
    });

    test("WOSERVER and ports follow milvus.port", () => {
        const settings = mishardsSettings(proxyInput({ port: 19531 }));
        assert.equal(settings.WOSERVER, "tcp://milvus-wo-servers:19531");
        assert.equal(settings.SERVER_PORT, "19531");
        assert.equal(settings.DISCOVERY_KUBERNETES_PORT, "19531");
    });
});

describe("celerySettings", () => {
    const input = {
        metastoreUri: "mysql+mysqlconnector://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
        brokerUrl: "redis://:$(REDIS_PASSWORD)@milvus-redis:6379/0",
        resultBackendUrl: "redis://:$(REDIS_PASSWORD)@milvus-redis:6379/1",
        redis: { host: "milvus-redis", port: 6379, database: "2", passwordPlaceholder: "$(REDIS_PASSWORD)" },
        serversMonitorKey: "monitor:statefulservers",
    };
    test("the names XuPeng-SH/celery_project cc1fef5 reads, all strings", () => {
        const settings = celerySettings(input);
        assert.deepEqual(settings, {
            CELERY_APP_CONFIG_FILE: "/source/.env",
            CELERY_BROKER_URL: "redis://:$(REDIS_PASSWORD)@milvus-redis:6379/0",
            CELERY_BACKEND_URL: "redis://:$(REDIS_PASSWORD)@milvus-redis:6379/1",
            REDIS_HOST: "milvus-redis",
            REDIS_PORT: "6379",
            REDIS_DB: "2",
            REDIS_PASSWORD: "$(REDIS_PASSWORD)",
            SERVERS_MONITOR_KEY: "monitor:statefulservers",
            SQLALCHEMY_DATABASE_URI: "mysql+mysqlconnector://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
            SQLALCHEMY_TRACK_MODIFICATIONS: "False",
            SQLALCHEMY_POOL_RECYCLE: "1800",
            QUEUES: "for_query",
            LOG_PATH: "/tmp/celery",
        });
        for (const value of Object.values(settings)) {
            assert.equal(typeof value, "string");
        }
    });
    test("no DB_URI (read with a default, used by no app: milvus_celery/settings.py:14) and no CELERY_RESULT_BACKEND (not read)", () => {
        const settings = celerySettings(input);
        assert.ok(!("DB_URI" in settings));
        assert.ok(!("CELERY_RESULT_BACKEND" in settings));
    });
});

describe("renderDotenvFile", () => {
    const settings: Record<string, string> = {
        SERVER_PORT: "19530",
        DISCOVERY_KUBERNETES_LABEL_SELECTOR: "app.kubernetes.io/instance=milvus,app.kubernetes.io/component=ro-server",
        DISCOVERY_KUBERNETES_POD_PATT: "milvus-ro-servers-[0-9]+$",
        EMPTY: "",
        URL: "mysql+pymysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus",
        HASH: "# not a comment",
        QUOTES: `it's "quoted"`,
        BACKSLASH: "C:\\path\\n",
        LEADING_SPACE: "  padded  ",
        SERVERS_MONITOR_KEY: "monitor:statefulservers",
    };

    test('reads back (as python-dotenv reads KEY="value" lines) to exactly the settings, in order', () => {
        const text = renderDotenvFile("milvus_proxy_config.yml", settings);
        const parsed = dotenv(text);
        assert.deepEqual(parsed, settings);
        assert.deepEqual(Object.keys(parsed), Object.keys(settings));
    });

    test("starts with the title as a comment; one line per setting", () => {
        const text = renderDotenvFile("milvus_celery_config.yml", { A: "1", LONG: "y".repeat(500) });
        assert.ok(text.startsWith("# milvus_celery_config.yml\n#"), text);
        assert.equal(text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).length, 2);
    });

    test("double quotes and backslashes are escaped, nothing else", () => {
        const text = renderDotenvFile("t", { Q: 'a"b', B: "a\\b", D: "$(PW)" });
        assert.match(text, /^Q="a\\"b"$/m);
        assert.match(text, /^B="a\\\\b"$/m);
        assert.match(text, /^D="\$\(PW\)"$/m);
    });
});

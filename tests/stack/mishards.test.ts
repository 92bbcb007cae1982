// The proxy of releases 1.1 and 0.10: Mishards, configured by the seed's `milvus-proxy-configmap` as its `.env`,
// checked against the names Mishards reads. Sources (milvus-io/milvus, tags v1.1.1 and v0.10.6):
//   shards/mishards/settings.py                        every setting, its default and which are required
//   shards/discovery/__init__.py                       DISCOVERY_* copied from the environment
//   shards/discovery/plugins/kubernetes_provider.py    NAMESPACE, IN_CLUSTER, POLL_INTERVAL, PORT, POD_PATT, LABEL_SELECTOR
//   shards/mishards/connections.py                     version_supported: major.minor of SERVER_VERSIONS
//   shards/Dockerfile                                  WORKDIR /source, CMD python mishards/main.py
//   shards/requirements.txt                            pymysql (so mysql+pymysql://), environs 4.2.0, python-dotenv 0.10.3
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { selects } from "../../policy/lib/labelSelector";
import { dotenv } from "../helpers/dotenv";
import { mainContainer, objectsOfKind, podSpec, podTemplate } from "../helpers/kubeQueries";
import { findObject, renderStack, RenderedStack } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

/** settings.py (v1.1.1): what it reads with env.*(); lower-case pool settings included. */
const settingsPyNames = new Set([
    "FROM_EXAMPLE",
    "SERVER_VERSIONS",
    "DEBUG",
    "MAX_RETRY",
    "LOG_LEVEL",
    "LOG_PATH",
    "LOG_NAME",
    "TIMEZONE",
    "SERVER_PORT",
    "SERVER_TEST_PORT",
    "WOSERVER",
    "MAX_WORKERS",
    "TRACING_SERVICE_NAME",
    "TRACING_VALIDATE",
    "TRACING_LOG_PAYLOAD",
    "TRACING_SAMPLER_TYPE",
    "TRACING_SAMPLER_PARAM",
    "TRACING_REPORTING_HOST",
    "TRACING_REPORTING_PORT",
    "TRACING_LOGGING",
    "SQLALCHEMY_DATABASE_URI",
    "SQL_ECHO",
    "TRACER_PLUGIN_PATH",
    "TRACER_CLASS_NAME",
    "ROUTER_PLUGIN_PATH",
    "ROUTER_CLASS_NAME",
    "DISCOVERY_PLUGIN_PATH",
    "DISCOVERY_CLASS_NAME",
]);
/** What the discovery plugins read (shards/discovery/plugins/*.py). */
const discoveryNames: Record<string, readonly string[]> = {
    kubernetes: [
        "DISCOVERY_KUBERNETES_NAMESPACE",
        "DISCOVERY_KUBERNETES_IN_CLUSTER",
        "DISCOVERY_KUBERNETES_POLL_INTERVAL",
        "DISCOVERY_KUBERNETES_PORT",
        "DISCOVERY_KUBERNETES_POD_PATT",
        "DISCOVERY_KUBERNETES_LABEL_SELECTOR",
    ],
    static: ["DISCOVERY_STATIC_HOSTS", "DISCOVERY_STATIC_PORT"],
};
/** Start fails without these: environs raises on a missing required value, the plugin on a None. */
const required = {
    always: ["WOSERVER", "SQLALCHEMY_DATABASE_URI"],
    kubernetes: ["DISCOVERY_KUBERNETES_NAMESPACE", "DISCOVERY_KUBERNETES_IN_CLUSTER", "DISCOVERY_KUBERNETES_POD_PATT"],
    static: ["DISCOVERY_STATIC_HOSTS"],
};

/** connections.py version_supported: compares the first two dot-separated parts. */
const majorMinor = (version: string): string => version.split(".").slice(0, 2).join(".");

const envFileOf = (stack: RenderedStack): Record<string, string> =>
    dotenv(String((findObject(stack, "ConfigMap", "milvus-proxy-configmap").data as Record<string, string>)["milvus_proxy_config.yml"]));

const cases = {
    "release 1.1 (dev)": { config: () => loadStackFile("dev"), serverVersion: "1.1.1", serverVersions: "1.1.x" },
    // 0.10.6 hard-codes SERVER_VERSIONS = ['0.9.x', '0.10.x'] (settings.py): nothing to set.
    "release 0.10": {
        config: () => withOverrides(loadStackFile("dev"), { milvus: { release: "0.10" } }),
        serverVersion: "0.10.6",
        serverVersions: undefined,
    },
    "release 1.1, static discovery": {
        config: () => withOverrides(loadStackFile("dev"), { proxy: { discovery: "static" } }),
        serverVersion: "1.1.1",
        serverVersions: "1.1.x",
    },
};

for (const [name, c] of Object.entries(cases)) {
    describe(`Mishards settings: ${name}`, () => {
        let stack: RenderedStack;
        let settings: Record<string, string>;
        before(async () => {
            stack = await renderStack(c.config());
            settings = envFileOf(stack);
        });

        test("every setting is one Mishards reads, and every setting it requires is there", () => {
            const discovery = settings.DISCOVERY_CLASS_NAME;
            assert.ok(discovery in discoveryNames, discovery);
            const known = new Set([...settingsPyNames, ...discoveryNames[discovery]]);
            for (const key of Object.keys(settings)) {
                assert.ok(known.has(key), `${key} is not read by Mishards`);
            }
            for (const key of [...required.always, ...required[discovery as "kubernetes" | "static"]]) {
                assert.ok(settings[key] !== undefined && settings[key] !== "", `${key} is required`);
            }
        });

        test("WOSERVER names the write-only node with its port (server.py resolves it and defaults a missing port to 80)", () => {
            assert.match(settings.WOSERVER, /^tcp:\/\/milvus-wo-servers:19530$/);
        });

        test("the metastore URI uses the driver the image has (pymysql), password as a placeholder", () => {
            assert.equal(settings.SQLALCHEMY_DATABASE_URI, "mysql+pymysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus");
        });

        test("SERVER_VERSIONS accepts exactly the release's servers", () => {
            assert.equal(settings.SERVER_VERSIONS, c.serverVersions);
            if (c.serverVersions !== undefined) {
                assert.equal(majorMinor(c.serverVersions), majorMinor(c.serverVersion));
            }
        });

        test("LOG_LEVEL is a Python logging level (logging.config.dictConfig refuses anything else)", () => {
            assert.ok(["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"].includes(settings.LOG_LEVEL));
        });

        test("the file is Mishards' .env: mounted beside settings.py, and no env var overrides it", () => {
            const proxy = findObject(stack, "Deployment", "milvus-proxy");
            const container = mainContainer(proxy);
            const mount = (container.volumeMounts as k8s.types.output.core.v1.VolumeMount[]).find(
                (m) => m.subPath === "milvus_proxy_config.yml",
            );
            assert.equal(mount?.mountPath, "/source/mishards/.env");
            // environs loads .env with override=False: a real env var of the same name would win.
            const envNames = ((container.env as k8s.types.output.core.v1.EnvVar[] | undefined) ?? []).map((e) => e.name);
            assert.deepEqual(envNames, ["POD_NAME"]);
            assert.equal(container.command, undefined, "the image's own CMD: python mishards/main.py in /source");
            assert.match(String(container.image), /^milvusdb\/mishards:(1\.1\.1|0\.10\.6)$/);
        });

        test("Kubernetes discovery selects exactly the read-only pods, and its pattern matches every pod it selects", () => {
            if (settings.DISCOVERY_CLASS_NAME !== "kubernetes") {
                assert.equal(settings.DISCOVERY_STATIC_HOSTS.split(",").length, 2);
                return;
            }
            const selector = Object.fromEntries(
                settings.DISCOVERY_KUBERNETES_LABEL_SELECTOR.split(",").map((kv) => kv.split("=") as [string, string]),
            );
            const selected = objectsOfKind(stack, "StatefulSet")
                .concat(objectsOfKind(stack, "Deployment"))
                .filter((w) => selects({ matchLabels: selector }, (podTemplate(w).metadata?.labels as Record<string, string>) ?? {}));
            assert.deepEqual(
                selected.map((w) => `${w.kind} ${w.metadata?.name}`),
                ["StatefulSet milvus-ro-servers"],
            );
            // Python re.match: anchored at the start only. The heartbeat drops everything if one selected pod fails it.
            const pattern = new RegExp(`^(?:${settings.DISCOVERY_KUBERNETES_POD_PATT})`);
            for (const ordinal of [0, 1, 9, 10, 99]) {
                assert.ok(pattern.test(`milvus-ro-servers-${ordinal}`), String(ordinal));
            }
            assert.equal(settings.DISCOVERY_KUBERNETES_IN_CLUSTER.toLowerCase(), "true");
            assert.equal(settings.DISCOVERY_KUBERNETES_NAMESPACE, "milvus-dev");
            // The account may do what the plugin calls and nothing more.
            const role = findObject(stack, "Role", "milvus-proxy-discovery");
            assert.deepEqual(role.rules, [
                { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
                { apiGroups: [""], resources: ["events"], verbs: ["list", "watch"] },
            ]);
            assert.equal(podSpec(findObject(stack, "Deployment", "milvus-proxy")).automountServiceAccountToken, true);
        });
    });
}

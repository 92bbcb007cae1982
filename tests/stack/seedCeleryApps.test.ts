// The seed's Celery apps (release 0.4) as the seed stack starts them, held against what their published source
// (XuPeng-SH/celery_project cc1fef5, see tests/helpers/celeryAppsStartup.ts) needs: entry points, every
// required setting, the monitor key's prefix, the sidecars' node and queue names.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { AppStart, CeleryApp, effectiveSettings, requiredSettings, startupProblems } from "../helpers/celeryAppsStartup";
import { dotenv } from "../helpers/dotenv";
import { podSpec } from "../helpers/kubeQueries";
import { findObject, renderStack, RenderedStack, runProgram } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";
import { ConfigError } from "../../components/config/configError";

type Container = k8s.types.output.core.v1.Container;
type Volume = k8s.types.output.core.v1.Volume;

/** The files a container sees, followed from its mounts to the ConfigMaps the config renderer copies. */
function mountedFiles(stack: RenderedStack, volumes: Volume[], container: Container): AppStart["files"] {
    const files: AppStart["files"] = {};
    const template = volumes.find((v) => v.name === "config-template");
    const sources =
        template?.configMap !== undefined ? [template.configMap.name] : (template?.projected?.sources ?? []).map((s) => s.configMap?.name);
    for (const mount of container.volumeMounts ?? []) {
        if (mount.name !== "config" || mount.subPath === undefined) {
            continue;
        }
        for (const name of sources) {
            const data = findObject(stack, "ConfigMap", String(name)).data as Record<string, string>;
            if (mount.subPath in data) {
                try {
                    files[mount.mountPath] = dotenv(data[mount.subPath]);
                } catch {
                    files[mount.mountPath] = {}; // a server config file, not a .env
                }
            }
        }
    }
    return files;
}

/** How the kubelet would start the container in pod `podName`: `$(VAR)` resolved from the env before it. */
function appStart(stack: RenderedStack, kind: string, name: string, containerName: string, podName: string): AppStart {
    const spec = podSpec(findObject(stack, kind, name));
    const container = (spec.containers as Container[]).find((c) => c.name === containerName) ?? assert.fail(`${name}: no ${containerName}`);
    const env: Record<string, string> = {};
    const expand = (text: string): string => text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, v: string) => env[v] ?? whole);
    for (const e of container.env ?? []) {
        if (e.valueFrom?.fieldRef?.fieldPath === "metadata.name") {
            env[e.name] = podName;
        } else if (e.valueFrom?.secretKeyRef !== undefined) {
            env[e.name] = `<secret ${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}>`;
        } else {
            env[e.name] = expand(String(e.value ?? ""));
        }
    }
    return {
        command: [...(container.command ?? []), ...(container.args ?? [])].map(expand),
        workingDir: container.workingDir,
        env,
        files: mountedFiles(stack, (spec.volumes as Volume[]) ?? [], container),
        podName,
    };
}

describe("seed line: the Celery apps start as their source expects (XuPeng-SH/celery_project cc1fef5)", () => {
    let stack: RenderedStack;
    const starts = (): [CeleryApp, AppStart][] => [
        ["monitor", appStart(stack, "Deployment", "milvus-monitor", "monitor", "milvus-monitor-abc")],
        ["queryWorker", appStart(stack, "Deployment", "milvus-workers", "worker", "milvus-workers-abc")],
        ["sidecar", appStart(stack, "StatefulSet", "milvus-ro-servers", "celery-sidecar", "milvus-ro-servers-0")],
        ["sidecar", appStart(stack, "StatefulSet", "milvus-ro-servers", "celery-sidecar", "milvus-ro-servers-1")],
        ["proxy", appStart(stack, "Deployment", "milvus-proxy", "proxy", "milvus-proxy-abc")],
    ];
    before(async () => {
        stack = await renderStack(loadStackFile("seed"), "seed");
    });

    test("every app: its entry point, and every setting its source requires, from its .env or its environment", () => {
        for (const [app, start] of starts()) {
            assert.deepEqual(startupProblems(app, start), [], `${app} (${start.podName})`);
        }
    });

    test("the settings come from the seed's ConfigMaps: the apps' .env is milvus-celery-configmap, the proxy's milvus-proxy-configmap", () => {
        const [[, monitor], [, worker], [, sidecar], , [, proxy]] = starts();
        for (const start of [monitor, worker, sidecar]) {
            assert.deepEqual(Object.keys(start.files), ["/source/.env"]);
            assert.deepEqual(
                Object.keys(start.env).sort(),
                start === sidecar ? ["ENV_PATH", "MILVUS_SERVER_HOST", "MILVUS_SERVER_PORT", "POD_NAME", "QUEUES"] : ["ENV_PATH"],
            );
        }
        assert.deepEqual(Object.keys(proxy.files), ["/source/proxy_server/.env"]);
        const celery = dotenv(
            String((findObject(stack, "ConfigMap", "milvus-celery-configmap").data as Record<string, string>)["milvus_celery_config.yml"]),
        );
        assert.deepEqual(monitor.files["/source/.env"], celery);
    });

    test("one monitor key, one query queue: the monitor and sidecars write the set the workers read; proxy and workers share QUEUES", () => {
        const [[, monitor], [, worker], [, sidecar0], [, sidecar1], [, proxy]] = starts();
        const keys = new Set(
            (
                [
                    ["monitor", monitor],
                    ["queryWorker", worker],
                    ["sidecar", sidecar0],
                    ["sidecar", sidecar1],
                    ["proxy", proxy],
                ] as const
            ).map(([app, s]) => effectiveSettings(app, s).SERVERS_MONITOR_KEY),
        );
        assert.deepEqual([...keys], ["monitor:statefulservers"]);
        assert.equal(effectiveSettings("queryWorker", worker).QUEUES, effectiveSettings("proxy", proxy).QUEUES);
        // Each sidecar's own queue (its environment wins over the file's for_query).
        assert.equal(effectiveSettings("sidecar", sidecar0).QUEUES, "milvus-ro-servers-0");
        assert.equal(effectiveSettings("sidecar", sidecar1).QUEUES, "milvus-ro-servers-1");
        assert.equal(effectiveSettings("sidecar", sidecar0).MILVUS_SERVER_HOST, "127.0.0.1");
        assert.equal(effectiveSettings("sidecar", sidecar0).MILVUS_SERVER_PORT, "19530");
    });

    test("one sidecar beside each read-only server, and none beside the write-only server", () => {
        const names = (kind: string, name: string): string[] =>
            (podSpec(findObject(stack, kind, name)).containers as Container[]).map((c) => c.name);
        assert.deepEqual(names("StatefulSet", "milvus-ro-servers"), ["milvus", "celery-sidecar"]);
        assert.deepEqual(names("Deployment", "milvus-wo-servers"), ["milvus"]);
    });

    test("the proxy Service milvus-proxy-servers fronts the Thrift proxy_server on the client port", () => {
        const service = findObject(stack, "Service", "milvus-proxy-servers").spec as { ports: { port: number; targetPort: string }[] };
        assert.deepEqual(
            service.ports.map((p) => [p.port, p.targetPort]),
            [[19530, "milvus"]],
        );
        const proxy = (podSpec(findObject(stack, "Deployment", "milvus-proxy")).containers as Container[])[0];
        assert.equal(proxy.image, "registry.zilliz.com/milvus/celery-apps:v0.2.1");
        assert.deepEqual(
            (proxy.ports ?? []).map((p) => [p.name, p.containerPort]),
            [["milvus", 19530]],
        );
    });

    test("images.celeryApps moves the monitor, workers, sidecars and the proxy together", async () => {
        const own = await renderStack(
            withOverrides(loadStackFile("seed"), { images: { celeryApps: "registry.example.com/celery-apps:cc1fef5" } }),
            "seed",
        );
        const images = [
            ...(podSpec(findObject(own, "StatefulSet", "milvus-ro-servers")).containers as Container[]).filter(
                (c) => c.name === "celery-sidecar",
            ),
            ...["milvus-monitor", "milvus-workers", "milvus-proxy"].map(
                (n) => (podSpec(findObject(own, "Deployment", n)).containers as Container[])[0],
            ),
        ].map((c) => c.image);
        assert.deepEqual([...new Set(images)], ["registry.example.com/celery-apps:cc1fef5"]);
    });
});

describe("seed line: what would break start-up is caught (the rules can fail)", () => {
    let stack: RenderedStack;
    before(async () => {
        stack = await renderStack(loadStackFile("seed"), "seed");
    });
    const start = (app: CeleryApp): AppStart =>
        app === "sidecar"
            ? appStart(stack, "StatefulSet", "milvus-ro-servers", "celery-sidecar", "milvus-ro-servers-0")
            : app === "proxy"
              ? appStart(stack, "Deployment", "milvus-proxy", "proxy", "p")
              : app === "monitor"
                ? appStart(stack, "Deployment", "milvus-monitor", "monitor", "m")
                : appStart(stack, "Deployment", "milvus-workers", "worker", "w");
    const withFile = (s: AppStart, edit: (file: Record<string, string>) => void): AppStart => {
        const files = Object.fromEntries(Object.entries(s.files).map(([p, f]) => [p, { ...f }]));
        for (const file of Object.values(files)) {
            edit(file);
        }
        return { ...s, files };
    };

    test("every required setting, dropped, is missed", () => {
        for (const app of ["monitor", "queryWorker", "sidecar", "proxy"] as const) {
            const base = start(app);
            for (const name of requiredSettings[app]) {
                const dropped = withFile(
                    { ...base, env: Object.fromEntries(Object.entries(base.env).filter(([k]) => k !== name)) },
                    (f) => delete f[name],
                );
                assert.ok(
                    startupProblems(app, dropped).some((p) => p.startsWith(`${name} is not set`)),
                    `${app} without ${name}`,
                );
            }
        }
    });

    test("a monitor key without the prefix fails the monitor's and the sidecar's assert", () => {
        for (const app of ["monitor", "sidecar", "proxy"] as const) {
            const bad = withFile(start(app), (f) => (f.SERVERS_MONITOR_KEY = "milvus:servers"));
            assert.ok(
                startupProblems(app, bad).some((p) => p.includes("AssertionError")),
                app,
            );
        }
    });

    test("the settings file mounted where no app looks (the old /etc/milvus-celery) leaves them without settings", () => {
        const s = start("monitor");
        const moved = { ...s, files: { "/etc/milvus-celery/milvus_celery_config.yml": s.files["/source/.env"] } };
        assert.ok(startupProblems("monitor", moved).includes("CELERY_BROKER_URL is not set (in the environment or a .env above /source)"));
    });

    test("the entry points the seed used before, and near misses, are refused", () => {
        const monitor = start("monitor");
        assert.notDeepEqual(startupProblems("monitor", { ...monitor, command: ["python", "-m", "milvus_celery.monitor"] }), []);
        const worker = start("queryWorker");
        for (const command of [
            ["celery", "--app=milvus_celery", "worker"],
            ["celery", "-A", "query_tasks_worker.worker", "worker"],
            ["celery", "-A", "query_tasks_worker", "worker"],
        ]) {
            assert.ok(
                startupProblems("queryWorker", { ...worker, command }).some((p) => p.startsWith("celery app")),
                command.join(" "),
            );
        }
        assert.notDeepEqual(startupProblems("queryWorker", { ...worker, workingDir: undefined }), []);
        const proxy = start("proxy");
        assert.notDeepEqual(startupProblems("proxy", { ...proxy, command: ["python", "-m", "proxy_server.server"] }), []);
    });

    test("a sidecar named or queued other than its pod, or outside milvus-ro-servers, is caught", () => {
        const s = start("sidecar");
        const renamed = {
            ...s,
            command: s.command.map((a) => a.replace("--hostname=celery@milvus-ro-servers-0", "--hostname=celery@sidecar-0")),
        };
        const problems = startupProblems("sidecar", renamed);
        assert.ok(problems.some((p) => p.includes("must be the pod name")));
        assert.ok(problems.some((p) => p.includes("only tracks names starting with milvus-ro-servers")));
        const wrongQueue = { ...s, command: s.command.map((a) => (a === "--queues=milvus-ro-servers-0" ? "--queues=for_query" : a)) };
        assert.ok(startupProblems("sidecar", wrongQueue).some((p) => p.includes("must consume the queue milvus-ro-servers-0")));
    });

    test("Thrift settings the proxy_server refuses are caught", () => {
        const proxy = start("proxy");
        const refused: [string, string][] = [
            ["THRIFTSERVER_PROTOCOL", "binary"],
            ["THRIFTSERVER_TRANSPORT", "http://0.0.0.0:19530"],
            ["THRIFTSERVER_BUFFERED", "False"],
            ["THRIFTCLIENT_RETRY_TIME", "three"],
        ];
        for (const [key, value] of refused) {
            assert.notDeepEqual(
                startupProblems(
                    "proxy",
                    withFile(proxy, (f) => (f[key] = value)),
                ),
                [],
                `${key}=${value}`,
            );
        }
    });

    test("a plain mysql:// metastore URI (MySQLdb, not in the image) is caught", () => {
        const worker = start("queryWorker");
        const bad = withFile(worker, (f) => (f.SQLALCHEMY_DATABASE_URI = "mysql://milvus:pw@milvus-mysql:3306/milvus"));
        assert.ok(startupProblems("queryWorker", bad).some((p) => p.startsWith("SQLALCHEMY_DATABASE_URI")));
    });
});

describe("seed line: a monitor key the apps would assert on is refused before anything is registered", () => {
    for (const key of ["milvus:servers", "monitor:", "Monitor:servers"]) {
        test(`monitor.serversMonitorKey ${JSON.stringify(key)}`, async () => {
            const run = await runProgram(withOverrides(loadStackFile("seed"), { monitor: { serversMonitorKey: key } }), "seed");
            assert.ok(run.error instanceof ConfigError, String(run.error));
            const problem = run.error.problems.find((p) => p.key === "milvus-cluster:monitor.serversMonitorKey");
            assert.ok(problem !== undefined);
            assert.equal(problem.given, JSON.stringify(key));
            assert.match(problem.allowed, /starting with "monitor:"/);
            assert.match(problem.allowed, /apps\/monitor_faas\/app\.py:53/);
            assert.deepEqual(run.resources, []);
        });
    }
    test("a key with the prefix is taken", async () => {
        const run = await runProgram(withOverrides(loadStackFile("seed"), { monitor: { serversMonitorKey: "monitor:nodes" } }), "seed");
        assert.equal(run.error, undefined);
    });
});

// What the seed's Celery apps need to start and do their work, re-stated from their published source:
// XuPeng-SH/celery_project, master at cc1fef5ca0a71b47b5b620c2ffd78c99e24ea081 (the celery-apps image's build.sh).
// These rules are written here from the source, not imported from the program, so a program that drifts from
// the source fails them.

/** One Celery-apps container as it would start: argv, working directory, environment and its `.env`. */
export interface AppStart {
    command: string[];
    workingDir?: string;
    /** Environment variables with `$(VAR)` references to other env vars resolved. */
    env: Record<string, string>;
    /** Every file mounted into the container, by path: the settings files parsed as `.env`. */
    files: Record<string, Record<string, string>>;
    /** The pod's name (the sidecar's node and queue name). */
    podName: string;
}

export type CeleryApp = "monitor" | "queryWorker" | "sidecar" | "proxy";

/** milvus_celery/settings.py:16-18: `env.str(...)` without a default, read at import by every app. */
const celeryRequired = ["CELERY_APP_CONFIG_FILE", "CELERY_BROKER_URL", "CELERY_BACKEND_URL"];
/** apps/query_tasks_worker/settings.py:12-15 (required: no default). */
const workerRequired = ["SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_TRACK_MODIFICATIONS", "SQLALCHEMY_POOL_RECYCLE"];
/** apps/proxy_server/settings.py:11-25 (all required). */
const proxyRequired = [
    "THRIFTCLIENT_TRANSPORT",
    "THRIFTCLIENT_PROTOCOL",
    "THRIFTCLIENT_BUFFERED",
    "THRIFTCLIENT_ZLIB",
    "THRIFTCLIENT_FRAMED",
    "THRIFTCLIENT_RETRY_TIME",
    "THRIFTCLIENT_NORMAL_TIME",
    "THRIFTSERVER_TRANSPORT",
    "THRIFTSERVER_PROTOCOL",
    "THRIFTSERVER_BUFFERED",
    "THRIFTSERVER_ZLIB",
    "THRIFTSERVER_FRAMED",
    "QUEUES",
];

/** The required settings of each app, and where the source reads them. */
export const requiredSettings: Record<CeleryApp, string[]> = {
    // monitor_faas/app.py:52 os.environ['SERVERS_MONITOR_KEY'] unless given on the command line.
    monitor: [...celeryRequired, "SERVERS_MONITOR_KEY"],
    // QUEUES: query_tasks_worker/config.py:14 (default '' declares a queue named ''); SERVERS_MONITOR_KEY:
    // the set get_queryable_files reads servers from (tasks.py:67; default '' finds none).
    queryWorker: [...celeryRequired, ...workerRequired, "QUEUES", "SERVERS_MONITOR_KEY"],
    // signal_handlers.py:9 os.environ; config.py:13 QUEUES; tasks.py:22 MILVUS_SERVER_HOST/PORT (default None).
    sidecar: [...celeryRequired, "SERVERS_MONITOR_KEY", "QUEUES", "MILVUS_SERVER_HOST", "MILVUS_SERVER_PORT"],
    // The proxy imports query_tasks_worker.tasks and server_sidecar_worker.tasks (workflow.py), so it needs
    // theirs too.
    proxy: [...celeryRequired, ...workerRequired, ...proxyRequired, "SERVERS_MONITOR_KEY"],
};

/**
 * The folder each app's settings start their `.env` search from, when `ENV_PATH` is not set in the
 * environment: its own (monitor_faas/app.py:2-3, query_tasks_worker/__init__.py:2-3,
 * server_sidecar_worker/app.py:2-3). The proxy ignores ENV_PATH: settings.py:6 searches from its own folder.
 */
const ownFolder: Record<CeleryApp, string> = {
    monitor: "/source/monitor_faas",
    queryWorker: "/source/query_tasks_worker",
    sidecar: "/source/server_sidecar_worker",
    proxy: "/source/proxy_server",
};

/** environs 4.2.0 read_env(path, recurse=True): the first `.env` from `start` up to `/`. */
function dotenvFound(start: string, files: AppStart["files"]): { path: string; settings: Record<string, string> } | undefined {
    const parts = start.split("/").filter((p) => p !== "");
    for (let n = parts.length; n >= 0; n -= 1) {
        const path = `/${[...parts.slice(0, n), ".env"].join("/")}`;
        if (path in files) {
            return { path, settings: files[path] };
        }
    }
    return undefined;
}

/** environs' bool: marshmallow's truthy/falsy words (environs 4.2.0 uses fields.Bool). */
const isBool = (v: string): boolean => ["true", "false", "1", "0", "yes", "no", "on", "off", "t", "f", "y", "n"].includes(v.toLowerCase());
const isInt = (v: string): boolean => /^-?\d+$/.test(v);

/** What the app's own command line must be: argv checks with where the source says so. */
function commandProblems(app: CeleryApp, start: AppStart, settings: Record<string, string>): string[] {
    const argv = start.command;
    const problems: string[] = [];
    const option = (long: string, short: string): string | undefined => {
        const i = argv.findIndex((a) => a === short || a === long);
        if (i >= 0) {
            return argv[i + 1];
        }
        return argv.find((a) => a.startsWith(`${long}=`))?.slice(long.length + 1);
    };
    if (start.workingDir !== "/source") {
        problems.push(`working directory ${String(start.workingDir)}: the apps and common/ are in /source (Dockerfile_apps:3,6)`);
    }
    switch (app) {
        case "monitor":
            // A python-fire script (monitor_faas/app.py:64-65), not a module of milvus_celery.
            if (argv[0] !== "python" || argv[1] !== "monitor_faas/app.py") {
                problems.push(`command ${argv.join(" ")}: the monitor is the script monitor_faas/app.py`);
            }
            break;
        case "queryWorker":
        case "sidecar": {
            const wanted = app === "queryWorker" ? "query_tasks_worker.worker:celery_app" : "server_sidecar_worker.app:celery_app";
            if (argv[0] !== "celery" || !argv.includes("worker")) {
                problems.push(`command ${argv.join(" ")}: not a celery worker`);
            }
            // query_tasks_worker/worker.py:3 `app = create_app()` is the Flask app: -A must name celery_app.
            const given = option("--app", "-A");
            if (given !== wanted && !(app === "sidecar" && given === "server_sidecar_worker.app")) {
                problems.push(`celery app ${String(given)}: expected ${wanted}`);
            }
            if (app === "sidecar") {
                const node = option("--hostname", "-n") ?? `celery@${start.podName}`;
                const suffix = node.split("@")[1] ?? "";
                // signal_handlers.py:16-17: the part after @ goes into the servers set and names the queue the
                // query worker sends this server's sub-tasks to (tasks.py:77-86, 182).
                if (suffix !== start.podName) {
                    problems.push(`node name ${node}: its part after @ must be the pod name ${start.podName}`);
                }
                // monitor_faas/app.py:26,35: only nodes starting with milvus-ro-servers are tracked.
                if (!suffix.startsWith("milvus-ro-servers")) {
                    problems.push(`node name ${node}: the monitor only tracks names starting with milvus-ro-servers`);
                }
                const queues = (option("--queues", "-Q") ?? settings.QUEUES ?? "").split(",");
                if (!queues.includes(suffix)) {
                    problems.push(`queues ${queues.join(",")}: the sidecar must consume the queue ${suffix}`);
                }
            }
            break;
        }
        case "proxy":
            // server.py:3 `import settings` needs the script's folder at sys.path[0]: run as a file.
            if (argv[0] !== "python" || !/(^|\/)proxy_server\/server\.py$/.test(argv[1] ?? "")) {
                problems.push(`command ${argv.join(" ")}: the proxy is the script proxy_server/server.py`);
            }
            break;
    }
    return problems;
}

/** Values the source checks or needs to work. */
function valueProblems(app: CeleryApp, s: Record<string, string>): string[] {
    const problems: string[] = [];
    const key = s.SERVERS_MONITOR_KEY;
    if (key !== undefined && (app === "monitor" || app === "sidecar" || app === "proxy") && !key.startsWith("monitor:")) {
        // monitor_faas/app.py:53, server_sidecar_worker/signal_handlers.py:10 (imported by the proxy too).
        problems.push(`SERVERS_MONITOR_KEY ${key}: AssertionError 'Monitor key should start with: "monitor:"'`);
    }
    for (const name of ["SQLALCHEMY_TRACK_MODIFICATIONS", ...proxyRequired.filter((n) => /_(BUFFERED|ZLIB|FRAMED)$/.test(n))]) {
        if (s[name] !== undefined && requiredSettings[app].includes(name) && !isBool(s[name])) {
            problems.push(`${name} ${s[name]}: environs reads a bool`);
        }
    }
    for (const name of ["SQLALCHEMY_POOL_RECYCLE", "THRIFTCLIENT_RETRY_TIME", "THRIFTCLIENT_NORMAL_TIME", "REDIS_PORT", "REDIS_DB"]) {
        if (s[name] !== undefined && !isInt(s[name])) {
            problems.push(`${name} ${s[name]}: environs reads an int`);
        }
    }
    if (s.SQLALCHEMY_DATABASE_URI !== undefined && !s.SQLALCHEMY_DATABASE_URI.startsWith("mysql+mysqlconnector://")) {
        problems.push(
            `SQLALCHEMY_DATABASE_URI ${s.SQLALCHEMY_DATABASE_URI}: the image's only MySQL driver is mysql-connector (requirements.txt:33)`,
        );
    }
    if (app === "proxy") {
        // ThriftServer.py:29-60.
        if (!/^tcp:\/\//.test(s.THRIFTSERVER_TRANSPORT ?? "")) {
            problems.push(`THRIFTSERVER_TRANSPORT ${s.THRIFTSERVER_TRANSPORT}: only tcp:// is served`);
        }
        if (!["BINARY", "COMPACT", "JSON"].includes(s.THRIFTSERVER_PROTOCOL ?? "")) {
            problems.push(`THRIFTSERVER_PROTOCOL ${s.THRIFTSERVER_PROTOCOL}: expected BINARY, COMPACT or JSON (exact)`);
        }
        // Without one of them TForkingServer gets no transport factory (ThriftServer.py:43-48, 65).
        if (
            !["BUFFERED", "ZLIB", "FRAMED"].some((t) =>
                ["true", "1", "yes", "on", "t", "y"].includes((s[`THRIFTSERVER_${t}`] ?? "").toLowerCase()),
            )
        ) {
            problems.push("THRIFTSERVER_BUFFERED/ZLIB/FRAMED: none is true, so the server has no transport factory");
        }
    }
    return problems;
}

/** Everything that would stop the app at start or leave it doing nothing; empty: it starts as its source expects. */
export function startupProblems(app: CeleryApp, start: AppStart): string[] {
    const from = app === "proxy" ? ownFolder.proxy : (start.env.ENV_PATH ?? ownFolder[app]);
    const found = dotenvFound(from, start.files);
    // Real environment variables win over the file (read_env with override=False).
    const settings = { ...(found?.settings ?? {}), ...start.env };
    const problems = requiredSettings[app]
        .filter((name) => settings[name] === undefined || settings[name] === "")
        .map((name) => `${name} is not set (in the environment or ${found?.path ?? `a .env above ${from}`})`);
    return [...problems, ...commandProblems(app, start, settings), ...valueProblems(app, settings)];
}

/** The settings an app ends up with: its `.env` under its environment. */
export function effectiveSettings(app: CeleryApp, start: AppStart): Record<string, string> {
    const from = app === "proxy" ? ownFolder.proxy : (start.env.ENV_PATH ?? ownFolder[app]);
    return { ...(dotenvFound(from, start.files)?.settings ?? {}), ...start.env };
}

/**
 * The seed's Celery apps (the 0.4 line) as their published source runs them: XuPeng-SH/celery_project, master
 * at cc1fef5ca0a71b47b5b620c2ffd78c99e24ea081, whose build.sh pushes `registry.zilliz.com/milvus/celery-apps`.
 * Everything here is read off that source; nothing in it is a Kubernetes object.
 *
 * The image (Dockerfile, Dockerfile_apps): `milvus_celery` is pip-installed, the contents of `apps/` sit in
 * `/source` (the working directory), and there is no CMD: the orchestrator supplies each app's command.
 */

/** Where the image keeps the apps (Dockerfile_apps: `WORKDIR /source`, `COPY ./apps .`). */
export const appsDir = "/source";

/**
 * The `.env` the monitor, the query workers and the sidecars read. Each app sets `ENV_PATH` to its own folder
 * unless it is set already (monitor_faas/app.py:2-3, query_tasks_worker/__init__.py:2-3,
 * server_sidecar_worker/app.py:2-3); the pods set `ENV_PATH=/source`, so `milvus_celery/settings.py:8-10` and
 * `query_tasks_worker/settings.py:3-5` find `/source/.env` (environs' read_env walks up from ENV_PATH).
 * Real environment variables win over the file (read_env does not override).
 */
export const celeryEnvFile = `${appsDir}/.env`;
export const celeryEnvPath = appsDir;

/**
 * The proxy's `.env`: proxy_server/settings.py:6 calls `env.read_env()` from its own folder and then forces
 * `ENV_PATH` to that folder (line 8), so `/source/proxy_server/.env` is the one file it and the Celery
 * settings it imports read.
 */
export const proxyEnvFile = `${appsDir}/proxy_server/.env`;

/**
 * `QUEUES` of the query workers and of the proxy, which must be equal: the proxy sends get_queryable_files,
 * schedule_query and merge_query_results to it (proxy_server/workflow.py), the workers declare and consume it
 * (query_tasks_worker/config.py:13-22). `for_query` is the name the source's own configs use
 * (configurations/config.py, query_workflow_faas/workflow.py:19).
 */
export const queryQueue = "for_query";

/** What `SERVERS_MONITOR_KEY` must start with (monitor_faas/app.py:53, server_sidecar_worker/signal_handlers.py:10). */
export const monitorKeyPrefix = "monitor:";
/** The source's example key (milvus_celery/.env.example:21). */
export const defaultServersMonitorKey = "monitor:statefulservers";
/** Files whose assert refuses a key without the prefix, for the refusal message. */
export const monitorKeyAsserts = "apps/monitor_faas/app.py:53 and apps/server_sidecar_worker/signal_handlers.py:10";

/**
 * `celery -A query_tasks_worker.worker:celery_app worker`: worker.py builds the Flask app (which imports the
 * tasks, query_tasks_worker/__init__.py:34-43); naming the attribute matters, since worker.py's module
 * attribute `app` is the Flask app, which `-A query_tasks_worker.worker` would pick (celery 4.3.0
 * celery/app/utils.py find_app).
 */
export const queryWorkerApp = "query_tasks_worker.worker:celery_app";
/** server_sidecar_worker/app.py:13 `celery_app`, with its tasks and signal handlers imported (lines 19-20). */
export const sidecarApp = "server_sidecar_worker.app:celery_app";

/** The monitor: a python-fire script, not a worker (monitor_faas/app.py:48-65). */
export const monitorCommand: readonly string[] = ["python", "monitor_faas/app.py"];

/** The query workers; they consume `celery` and QUEUES, the queues their config declares. */
export const queryWorkerCommand: readonly string[] = ["celery", "-A", queryWorkerApp, "worker", "--loglevel=info"];

/**
 * `celery inspect ping` to the worker in this pod (its node name is `celery@<hostname>`): it answers only
 * while it consumes from the broker.
 */
export const workerPingCommand = (app: string, node: string): string[] => [
    "sh",
    "-c",
    `celery -A ${app} inspect ping --destination ${node} --timeout 10`,
];

/**
 * A read-only server's sidecar. Its node name's part after `@` is both what it adds to the servers set on
 * `worker_ready` (server_sidecar_worker/signal_handlers.py:12-17) and the queue the query worker sends that
 * server's sub-tasks to (query_tasks_worker/tasks.py:77-86, 182): the pod name, so the sidecar consumes a
 * queue of that name.
 */
export const sidecarCommand = (podNameVar: string): string[] => [
    "celery",
    "-A",
    sidecarApp,
    "worker",
    `--hostname=celery@$(${podNameVar})`,
    `--queues=$(${podNameVar})`,
    "--loglevel=info",
];

/**
 * The Thrift proxy: a script whose folder must be `sys.path[0]` (proxy_server/server.py:3 `import settings`),
 * so it runs as a file, not as `python -m`.
 */
export const proxyCommand: readonly string[] = ["python", `${appsDir}/proxy_server/server.py`];

import { celeryEnvFile, queryQueue } from "../celery/seedCeleryApps";

/** What the Celery apps' settings depend on; URLs carry credentials as placeholders. */
export interface CelerySettingsInput {
    /** `SQLALCHEMY_DATABASE_URI`: the Milvus metastore, as `mysql+mysqlconnector://...`. */
    metastoreUri: string;
    brokerUrl: string;
    resultBackendUrl: string;
    redis: { host: string; port: number; database: string; passwordPlaceholder: string };
    serversMonitorKey: string;
}

/** How long the query workers keep a pooled MySQL connection (MySQL drops idle ones after `wait_timeout`). */
const sqlalchemyPoolRecycleSeconds = 1800;

/**
 * The settings of the seed's Celery apps, as the seed's `milvus_celery_config.yml` holds them (the `.env` every
 * app reads; the names and which are required, XuPeng-SH/celery_project at cc1fef5):
 * - milvus_celery/settings.py (every app): `CELERY_APP_CONFIG_FILE` (required, never read after: any value
 *   serves), `CELERY_BROKER_URL`, `CELERY_BACKEND_URL` (required), `REDIS_HOST/PORT/DB/PASSWORD`,
 *   `SERVERS_MONITOR_KEY`, `LOG_PATH` (created and written at import);
 * - query_tasks_worker/settings.py:12-15 (workers, and the proxy, which imports their tasks):
 *   `SQLALCHEMY_DATABASE_URI`, `SQLALCHEMY_TRACK_MODIFICATIONS`, `SQLALCHEMY_POOL_RECYCLE` (required). The
 *   models read Milvus's own `Tables`/`TableFiles`, so the URI is the servers' metastore;
 * - query_tasks_worker/config.py:14 and proxy_server/settings.py:25: `QUEUES`. A sidecar's own queue is set
 *   in its container's environment, which wins over the file.
 * `SERVERS_MONITOR_KEY` is read by the monitor, the sidecars (asserts) and the query workers (the set they
 * read servers from, query_tasks_worker/tasks.py:67): one key for all.
 */
export function celerySettings(input: CelerySettingsInput): Record<string, string> {
    return {
        CELERY_APP_CONFIG_FILE: celeryEnvFile,
        CELERY_BROKER_URL: input.brokerUrl,
        CELERY_BACKEND_URL: input.resultBackendUrl,
        REDIS_HOST: input.redis.host,
        REDIS_PORT: String(input.redis.port),
        REDIS_DB: input.redis.database,
        REDIS_PASSWORD: input.redis.passwordPlaceholder,
        SERVERS_MONITOR_KEY: input.serversMonitorKey,
        SQLALCHEMY_DATABASE_URI: input.metastoreUri,
        SQLALCHEMY_TRACK_MODIFICATIONS: "False",
        SQLALCHEMY_POOL_RECYCLE: String(sqlalchemyPoolRecycleSeconds),
        QUEUES: queryQueue,
        LOG_PATH: "/tmp/celery",
    };
}

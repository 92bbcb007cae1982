/** What the Celery apps' settings depend on; URLs carry credentials as placeholders. */
export interface CelerySettingsInput {
    /** `DB_URI`: the metastore, as `mysql+mysqlconnector://...`. */
    dbUri: string;
    brokerUrl: string;
    resultBackendUrl: string;
    redis: { host: string; port: number; database: string; passwordPlaceholder: string };
    serversMonitorKey: string;
}

/**
 * The settings the seed's Celery apps (monitor and workers) and Flower read: the seed's
 * `milvus_celery_config.yml` holds exactly these.
 */
export function celerySettings(input: CelerySettingsInput): Record<string, string> {
    return {
        DB_URI: input.dbUri,
        CELERY_BROKER_URL: input.brokerUrl,
        CELERY_BACKEND_URL: input.resultBackendUrl,
        CELERY_RESULT_BACKEND: input.resultBackendUrl,
        REDIS_HOST: input.redis.host,
        REDIS_PORT: String(input.redis.port),
        REDIS_DB: input.redis.database,
        REDIS_PASSWORD: input.redis.passwordPlaceholder,
        SERVERS_MONITOR_KEY: input.serversMonitorKey,
    };
}

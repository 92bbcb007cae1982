import { MqBackend, ResultBackend } from "../config/types";
import { CredentialEnvVar } from "../kube/configRendering";
import { celerySettings } from "../render/celerySettings";
import { brokerUrl, celeryDbUri, resultBackendUrl } from "../render/connectionUrls";
import { credentialEnv, CredentialEnvName, placeholder } from "../render/placeholders";
import { redisDatabases } from "../render/redisDatabases";
import { ServiceConnection } from "../backing/serviceConnection";

/** Where the Celery apps' stores are, and which kinds the broker and result backend are. */
export interface CeleryConnections {
    mq: { backend: MqBackend; resultBackend: ResultBackend };
    metastore: ServiceConnection;
    redis: ServiceConnection;
    /** The servers of the chosen kinds. */
    broker: ServiceConnection;
    resultBackend: ServiceConnection;
    serversMonitorKey: string;
}

/** The Celery apps' settings with credentials as `$(VAR)` placeholders, and the Secrets that fill them. */
export interface CeleryAppSettings {
    settings: Record<string, string>;
    credentials: CredentialEnvVar[];
    /** The broker as the apps reach it (a Redis broker on its own logical database). */
    broker: ServiceConnection;
}

/**
 * The settings every Celery app of the seed reads (monitor, query workers, sidecars and, with its own on
 * top, the Thrift proxy), one computation for all so they cannot drift apart.
 */
export function celeryAppSettings(c: CeleryConnections): CeleryAppSettings {
    const credentials: CredentialEnvVar[] = [];
    const secretPlaceholder = (envName: CredentialEnvName, connection: ServiceConnection): string => {
        if (connection.password !== undefined && !credentials.some((k) => k.name === envName)) {
            credentials.push({ name: envName, secret: connection.password });
        }
        return placeholder(envName);
    };
    const broker = c.mq.backend === "redis" ? { ...c.broker, database: redisDatabases.broker } : c.broker;
    const results = c.mq.resultBackend === "redis" ? { ...c.resultBackend, database: redisDatabases.results } : c.resultBackend;
    const settings = celerySettings({
        metastoreUri: celeryDbUri(c.metastore, secretPlaceholder(credentialEnv.mysqlPassword, c.metastore)),
        brokerUrl: brokerUrl(c.mq.backend, broker, secretPlaceholder(credentialEnv.brokerPassword, broker)),
        resultBackendUrl: resultBackendUrl(c.mq.resultBackend, results, secretPlaceholder(credentialEnv.resultBackendPassword, results)),
        redis: {
            host: c.redis.host,
            port: c.redis.port,
            database: redisDatabases.cache,
            passwordPlaceholder: c.redis.password === undefined ? "" : secretPlaceholder(credentialEnv.redisPassword, c.redis),
        },
        serversMonitorKey: c.serversMonitorKey,
    });
    return { settings, credentials, broker };
}

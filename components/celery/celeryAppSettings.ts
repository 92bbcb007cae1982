import { CredentialEnvVar, uniqueCredentials } from "../kube/configRendering";
import { celerySettings } from "../render/celerySettings";
import { brokerUrl, celeryDbUri, resultBackendUrl } from "../render/connectionUrls";
import { credentialEnv, CredentialEnvName, placeholder } from "../render/placeholders";
import { ServiceConnection } from "../backing/serviceConnection";
import { CeleryStore, MqBackend, redisDatabases, ResultBackend } from "./celeryBackends";

/** Where the Celery apps' stores are (components/backing/backingServices.ts builds it). */
export interface CeleryConnections {
    /** The Milvus metastore (MySQL), which the apps read too. */
    metastore: ServiceConnection;
    /** Redis: the apps' cache, where the monitor keeps the servers' set. */
    cache: ServiceConnection;
    /** The broker, on the database it uses (a Redis broker on its own logical database). */
    broker: CeleryStore<MqBackend>;
    /** The result backend, on the database it uses. */
    resultBackend: CeleryStore<ResultBackend>;
}

/** The Celery apps' settings with credentials as `$(VAR)` placeholders, and the Secrets that fill them. */
export interface CeleryAppSettings {
    settings: Record<string, string>;
    /** The Secret keys the placeholders stand for, each env var once. */
    credentials: CredentialEnvVar[];
    /** The broker as the apps reach it (a Redis broker on its own logical database). */
    broker: ServiceConnection;
    /** The broker URL with the password shown as `****`, for display. */
    brokerDisplayUrl: string;
}

/**
 * The settings every Celery app of the seed reads (monitor, query workers, sidecars and, with its own on
 * top, the Thrift proxy), one computation for all so they cannot drift apart.
 */
export function celeryAppSettings(c: CeleryConnections, serversMonitorKey: string): CeleryAppSettings {
    const credentials: CredentialEnvVar[] = [];
    const secretPlaceholder = (envName: CredentialEnvName, connection: ServiceConnection): string => {
        if (connection.password !== undefined) {
            credentials.push({ name: envName, secret: connection.password });
        }
        return placeholder(envName);
    };
    const broker = c.broker.connection;
    const results = c.resultBackend.connection;
    const settings = celerySettings({
        metastoreUri: celeryDbUri(c.metastore, secretPlaceholder(credentialEnv.mysqlPassword, c.metastore)),
        brokerUrl: brokerUrl(c.broker.kind, broker, secretPlaceholder(credentialEnv.brokerPassword, broker)),
        resultBackendUrl: resultBackendUrl(c.resultBackend.kind, results, secretPlaceholder(credentialEnv.resultBackendPassword, results)),
        redis: {
            host: c.cache.host,
            port: c.cache.port,
            database: redisDatabases.cache,
            passwordPlaceholder: c.cache.password === undefined ? "" : secretPlaceholder(credentialEnv.redisPassword, c.cache),
        },
        serversMonitorKey,
    });
    return { settings, credentials: uniqueCredentials(credentials), broker, brokerDisplayUrl: brokerUrl(c.broker.kind, broker, "****") };
}

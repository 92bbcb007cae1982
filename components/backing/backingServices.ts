import * as pulumi from "@pulumi/pulumi";
import { CeleryConnections } from "../celery/celeryAppSettings";
import { brokerStore, celeryServers, resultStore } from "../celery/celeryBackends";
import { hasCeleryTier } from "../celery/celeryTier";
import { BackingServiceName, backingServicesInUse } from "../config/backingServicesInUse";
import { ClusterConfig } from "../config/types";
import { PodPort } from "../network/networkTopology";
import { ServiceConnection } from "./serviceConnection";
import { BackingService, DatabaseServiceArgs, MongoDb, MySql, PostgreSql, RabbitMq, Redis } from "./backingService";
import { ObjectStorage, S3Connection } from "./objectStorage";

/**
 * `host:port` of each backing service in use, by the role it plays (the stack output `backendEndpoints`). A role
 * nobody plays is absent; one service may play several (a Redis broker is also the cache).
 */
export interface BackendEndpoints {
    /** MySQL, the Milvus metastore (absent with SQLite). */
    metastore?: string;
    /** The S3 endpoint: in-cluster MinIO or the external one (absent with local storage). */
    objectStorage?: string;
    /** Redis, the Celery apps' cache (release 0.4 in cluster mode, as the next two). */
    cache?: string;
    /** The server of the Celery broker (`mq.backend`). */
    broker?: string;
    /** The server of the Celery result backend (`mq.resultBackend`). */
    resultBackend?: string;
}

/** What every backing service of the cluster shares: its namespace, instance, pull secrets and roll time-out. */
export type BackingServiceContext = Omit<DatabaseServiceArgs, "config" | "protection">;

/** The settings {@link backingServices} reads. */
export type BackingServicesConfig = Pick<
    ClusterConfig,
    "mode" | "release" | "metastore" | "storage" | "mq" | "protection" | "images" | BackingServiceName
>;

interface DeployedBackingServices {
    /** The S3 bucket's endpoint and keys, with `storage.backend: s3`. */
    objectStorage?: S3Connection;
    /** The in-cluster servers with their client ports, for NetworkPolicies (external servers have no pods here). */
    serverPods: PodPort[];
    endpoints: pulumi.Output<BackendEndpoints>;
}

/** Single mode: the metastore is MySQL or SQLite; there is no Celery tier. */
export interface SingleServerBackingServices extends DeployedBackingServices {
    mode: "single";
    /** MySQL, with `metastore.backend: mysql`. */
    metastore?: ServiceConnection;
}

/** Cluster mode: the proxy and both server tiers share the MySQL metastore. */
export interface ClusterBackingServices extends DeployedBackingServices {
    mode: "cluster";
    metastore: ServiceConnection;
    /** The Celery apps' stores, exactly when the release has the Celery tier (0.4). */
    celery?: CeleryConnections;
}

/** The backing services deployed, as the tiers connect to them. */
export type BackingServices = SingleServerBackingServices | ClusterBackingServices;

type ServerName = Exclude<BackingServiceName, "minio">;

/**
 * Deploys exactly the backing services the config uses ({@link backingServicesInUse}), each in the cluster or
 * pointing at its external server, and returns how the tiers reach them. A tier's service that is missing
 * throws here rather than leaving the tier out.
 */
export function backingServices(
    name: string,
    config: BackingServicesConfig,
    context: BackingServiceContext,
    parent: pulumi.Resource,
): BackingServices {
    const { protection } = config;
    const deploy: Record<ServerName, () => BackingService> = {
        mysql: () => new MySql(`${name}-mysql`, { ...context, config: config.mysql, protection }, { parent }),
        redis: () => new Redis(`${name}-redis`, { ...context, config: config.redis, protection }, { parent }),
        rabbitmq: () => new RabbitMq(`${name}-rabbitmq`, { ...context, config: config.rabbitmq, protection }, { parent }),
        postgresql: () => new PostgreSql(`${name}-postgresql`, { ...context, config: config.postgresql, protection }, { parent }),
        mongodb: () => new MongoDb(`${name}-mongodb`, { ...context, config: config.mongodb, protection }, { parent }),
    };
    const servers = new Map<BackingServiceName, BackingService>();
    for (const service of backingServicesInUse(config)) {
        if (service !== "minio") {
            servers.set(service, deploy[service]());
        }
    }
    const server = (service: BackingServiceName, user: string): BackingService => {
        const deployed = servers.get(service);
        if (deployed === undefined) {
            throw new Error(`${user} needs ${service}, which backingServicesInUse did not deploy`);
        }
        return deployed;
    };
    const objectStorage =
        config.storage.backend === "s3"
            ? new ObjectStorage(
                  `${name}-object-storage`,
                  {
                      ...context,
                      s3: config.storage.s3,
                      minio: config.minio,
                      minioClientImage: config.images.minioClient,
                      protection,
                  },
                  { parent },
              )
            : undefined;
    const metastore = config.metastore.backend === "mysql" ? server("mysql", "metastore.backend mysql") : undefined;
    const celeryOn = hasCeleryTier(config) ? celeryServers(config.mq) : undefined;
    const celery = celeryOn && {
        cache: server(celeryOn.cache, "the Celery apps' cache"),
        broker: server(celeryOn.broker, `mq.backend ${config.mq.backend}`),
        resultBackend: server(celeryOn.resultBackend, `mq.resultBackend ${config.mq.resultBackend}`),
    };
    const deployed: DeployedBackingServices = {
        objectStorage: objectStorage?.connection,
        serverPods: [...servers.values(), objectStorage].flatMap((s) => s?.serverPods ?? []),
        endpoints: endpointsByRole({ metastore, objectStorage, ...celery }),
    };
    if (config.mode === "single") {
        return { mode: "single", metastore: metastore?.connection, ...deployed };
    }
    if (metastore === undefined) {
        throw new Error("cluster mode needs the MySQL metastore (parseClusterConfig refuses anything else)");
    }
    return {
        mode: "cluster",
        metastore: metastore.connection,
        celery: celery && {
            metastore: metastore.connection,
            cache: celery.cache.connection,
            broker: brokerStore(config.mq.backend, celery.broker.connection),
            resultBackend: resultStore(config.mq.resultBackend, celery.resultBackend.connection),
        },
        ...deployed,
    };
}

/** The `host:port` of the service playing each role, leaving out the roles nobody plays. */
const endpointsByRole = (roles: {
    [Role in keyof BackendEndpoints]: { endpoint: pulumi.Output<string> };
}): pulumi.Output<BackendEndpoints> =>
    pulumi.output(
        Object.fromEntries(Object.entries(roles).flatMap(([role, service]) => (service === undefined ? [] : [[role, service.endpoint]]))),
    );

import { ConfigReader } from "./configReader";
import { defaultResources, defaultServiceImages } from "./defaults";
import { readPriority, readResources, readVolume } from "./tierSettings";
import {
    BackingServiceConfig,
    ClusterConfig,
    ClusterMode,
    ContainerResources,
    DatabaseServiceConfig,
    ExternalServer,
    MetastoreBackend,
} from "./types";
import { dnsSubdomain, hostName, pinnedImage, urlSafeCredential } from "./validators";

/**
 * The backing services (`mysql`, `redis`, `minio`, `rabbitmq`, `postgresql`, `mongodb`), each deployed in the
 * cluster or pointed at an external server, and `metastore.backend`, which of them holds Milvus' metadata.
 */

/** `metastore.backend`: SQLite (single mode only) or MySQL; etcd is refused until Milvus supports it. */
export function readMetastore(reader: ConfigReader, mode: ClusterMode): MetastoreBackend {
    const fallback: MetastoreBackend = mode === "single" ? "sqlite" : "mysql";
    if (reader.peek("metastore.backend") === "etcd") {
        reader.string("metastore.backend", fallback); // counts the key as read
        reader.fail("metastore.backend", 'etcd is not supported by Milvus yet; expected "mysql" (or "sqlite" in single mode)');
        return fallback;
    }
    const backend = reader.oneOf<MetastoreBackend>("metastore.backend", ["sqlite", "mysql"], fallback);
    if (backend === "sqlite" && mode === "cluster") {
        reader.fail("metastore.backend", 'sqlite serves single mode only; expected "mysql" when mode is "cluster"');
    }
    return backend;
}

/** Every backing service's section, in the order they are read. */
export const readBackingServices = (
    reader: ConfigReader,
    priority: string | undefined,
): Pick<ClusterConfig, "mysql" | "redis" | "minio" | "rabbitmq" | "postgresql" | "mongodb"> => ({
    mysql: readDatabaseService(reader, "mysql", {
        image: defaultServiceImages.mysql,
        resources: defaultResources.mysql,
        size: "10Gi",
        persistence: true,
        passwordRequired: true,
        database: "milvus",
        priority,
    }),
    redis: readBackingService(reader, "redis", {
        image: defaultServiceImages.redis,
        resources: defaultResources.redis,
        size: "2Gi",
        persistence: false,
        passwordRequired: false,
        priority,
    }),
    minio: readBackingService(reader, "minio", {
        image: defaultServiceImages.minio,
        resources: defaultResources.minio,
        size: "50Gi",
        persistence: true,
        passwordRequired: false,
        priority,
    }),
    rabbitmq: readDatabaseService(reader, "rabbitmq", brokerDefaults("rabbitmq", "milvus", priority)),
    postgresql: readDatabaseService(reader, "postgresql", brokerDefaults("postgresql", "celery", priority)),
    mongodb: readDatabaseService(reader, "mongodb", brokerDefaults("mongodb", "celery", priority)),
});

interface ServiceDefaults {
    /** `scheduling.priorityClassName`. */
    priority: string | undefined;
    image: string;
    resources: ContainerResources;
    size: string;
    persistence: boolean;
    passwordRequired: boolean;
}

/** `<path>`: image, resources, storage, persistence, external server and priority of one backing service. */
const readBackingService = (reader: ConfigReader, path: string, d: ServiceDefaults): BackingServiceConfig => ({
    image: reader.string(`${path}.image`, d.image, pinnedImage),
    resources: readResources(reader, `${path}.resources`, d.resources),
    storage: readVolume(reader, `${path}.storage`, { size: d.size, accessMode: "ReadWriteOnce" }),
    persistence: reader.boolean(`${path}.persistence`, d.persistence),
    external: readExternal(reader, `${path}.external`, d.passwordRequired),
    priorityClassName: readPriority(reader, path, d.priority),
});

/** The defaults of a Celery broker or result store (RabbitMQ, PostgreSQL, MongoDB); `database` is the vhost for RabbitMQ. */
const brokerDefaults = (
    service: "rabbitmq" | "postgresql" | "mongodb",
    database: string,
    priority: string | undefined,
): ServiceDefaults & { database: string } => ({
    image: defaultServiceImages[service],
    resources: defaultResources.broker,
    size: "5Gi",
    persistence: true,
    passwordRequired: true,
    database,
    priority,
});

/** A backing service with a login and a database (or vhost): `<path>.user` and `<path>.database` too. */
const readDatabaseService = (reader: ConfigReader, path: string, d: ServiceDefaults & { database: string }): DatabaseServiceConfig => ({
    ...readBackingService(reader, path, d),
    user: reader.string(`${path}.user`, "milvus", urlSafeCredential),
    database: reader.string(`${path}.database`, d.database, urlSafeCredential),
});

/** `<path>` (`<service>.external`): the server to use instead of deploying one, and its password one way. */
const readExternal = (reader: ConfigReader, path: string, passwordRequired: boolean): ExternalServer | undefined => {
    if (!reader.has(path)) {
        return undefined;
    }
    const host = reader.optionalString(`${path}.host`, hostName);
    if (host === undefined && !reader.problems.some((p) => p.key === reader.fullKey(`${path}.host`))) {
        reader.fail(`${path}.host`, "expected the external server's DNS name or IPv4 address");
    }
    const port = reader.integer(`${path}.port`, 0, 1, 65535);
    if (port === 0 && !reader.has(`${path}.port`)) {
        reader.fail(`${path}.port`, "expected the external server's port, an integer from 1 to 65535");
    }
    const password = reader.optionalString(`${path}.password`);
    if (password !== undefined && urlSafeCredential(password) !== undefined) {
        reader.failSecret(`${path}.password`, urlSafeCredential(password) ?? "");
    }
    const hasSecret = reader.has(`${path}.existingSecret`);
    const existingSecret = hasSecret
        ? {
              name: requiredString(reader, `${path}.existingSecret.name`, "expected the name of a Secret in the namespace"),
              key: reader.string(`${path}.existingSecret.key`, "password"),
          }
        : undefined;
    if (password !== undefined && existingSecret !== undefined) {
        reader.failSecret(`${path}.password`, `set either ${path}.password or ${path}.existingSecret, not both`);
    }
    if (passwordRequired && password === undefined && existingSecret === undefined) {
        reader.fail(
            `${path}.password`,
            `expected a password (pulumi config set --secret --path ${path}.password ...) or ${path}.existingSecret`,
        );
    }
    return { host: host ?? "", port, password, existingSecret };
};

/** A string that must be given (no default). */
function requiredString(reader: ConfigReader, path: string, allowed: string): string {
    const value = reader.optionalString(path, dnsSubdomain);
    if (value === undefined && !reader.problems.some((p) => p.key === reader.fullKey(path))) {
        reader.fail(path, allowed);
    }
    return value ?? "";
}

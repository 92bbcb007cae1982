import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

type EnvVar = k8s.types.input.core.v1.EnvVar;

/** What the in-cluster server's env is built from. */
export interface FlavorContext {
    user: string;
    database: string;
    /** The Secret holding `password` (and any `generatedKeys`). */
    secretName: pulumi.Input<string>;
}

/** How one kind of backing server is run in the cluster and reached by clients. */
export interface BackingServiceFlavor {
    /** Pulumi type token of its component. */
    typeToken: string;
    /** `app.kubernetes.io/component` label and container name. */
    component: string;
    /** Service (and StatefulSet) name: the seed's name where it gives one. */
    serviceName: string;
    port: { name: string; number: number };
    dataPath: string;
    /** Secret keys generated beside `password` (e.g. MySQL's root password). */
    generatedKeys: string[];
    /** The server container's env; credentials come from the Secret. */
    serverEnv(context: FlavorContext): EnvVar[];
    /** The server container's args (`$(VAR)` refers to an env var). */
    serverArgs?(context: { persistence: boolean }): string[];
    /** An external server may need no password (Redis without AUTH). */
    passwordOptional?: boolean;
    /** The official image's non-root UID: its entrypoint runs as that user when started as it. */
    runAsUser: number;
    /** Why the server's root filesystem must stay writable; unset: it writes only to its volumes. */
    writableRootReason?: string;
}

/** The service user (UID and GID) of the Docker official mysql, postgres, mongo, rabbitmq and redis images. */
const officialImageUser = 999;

const entrypointWritesOutsideData = "the official image's entrypoint writes sockets, pid and init files outside the data volume";

const fromSecret = (name: string, secretName: pulumi.Input<string>, key: string): EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: secretName, key } },
});

export const mysqlFlavor: BackingServiceFlavor = {
    typeToken: "milvus-cluster:backing:MySql",
    component: "mysql",
    serviceName: "milvus-mysql",
    port: { name: "mysql", number: 3306 },
    dataPath: "/var/lib/mysql",
    runAsUser: officialImageUser,
    writableRootReason: entrypointWritesOutsideData,
    generatedKeys: ["root-password"],
    serverEnv: ({ user, database, secretName }) => [
        fromSecret("MYSQL_ROOT_PASSWORD", secretName, "root-password"),
        { name: "MYSQL_DATABASE", value: database },
        { name: "MYSQL_USER", value: user },
        fromSecret("MYSQL_PASSWORD", secretName, "password"),
    ],
};

export const postgresqlFlavor: BackingServiceFlavor = {
    typeToken: "milvus-cluster:backing:PostgreSql",
    component: "postgresql",
    serviceName: "milvus-postgresql",
    port: { name: "postgresql", number: 5432 },
    dataPath: "/var/lib/postgresql/data",
    runAsUser: officialImageUser,
    writableRootReason: entrypointWritesOutsideData,
    generatedKeys: [],
    serverEnv: ({ user, database, secretName }) => [
        { name: "POSTGRES_USER", value: user },
        fromSecret("POSTGRES_PASSWORD", secretName, "password"),
        { name: "POSTGRES_DB", value: database },
        // A subdirectory: a fresh volume's root may hold lost+found, which initdb refuses.
        { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
    ],
};

export const mongodbFlavor: BackingServiceFlavor = {
    typeToken: "milvus-cluster:backing:MongoDb",
    component: "mongodb",
    serviceName: "milvus-mongodb",
    port: { name: "mongodb", number: 27017 },
    dataPath: "/data/db",
    runAsUser: officialImageUser,
    writableRootReason: entrypointWritesOutsideData,
    generatedKeys: [],
    serverEnv: ({ user, database, secretName }) => [
        { name: "MONGO_INITDB_ROOT_USERNAME", value: user },
        fromSecret("MONGO_INITDB_ROOT_PASSWORD", secretName, "password"),
        { name: "MONGO_INITDB_DATABASE", value: database },
    ],
};

export const rabbitmqFlavor: BackingServiceFlavor = {
    typeToken: "milvus-cluster:backing:RabbitMq",
    component: "rabbitmq",
    serviceName: "milvus-rabbitmq",
    port: { name: "amqp", number: 5672 },
    dataPath: "/var/lib/rabbitmq",
    runAsUser: officialImageUser,
    writableRootReason: entrypointWritesOutsideData,
    generatedKeys: [],
    serverEnv: ({ user, database, secretName }) => [
        { name: "RABBITMQ_DEFAULT_USER", value: user },
        fromSecret("RABBITMQ_DEFAULT_PASS", secretName, "password"),
        { name: "RABBITMQ_DEFAULT_VHOST", value: database },
    ],
};

export const redisFlavor: BackingServiceFlavor = {
    typeToken: "milvus-cluster:backing:Redis",
    component: "redis",
    serviceName: "milvus-redis",
    port: { name: "redis", number: 6379 },
    dataPath: "/data",
    runAsUser: officialImageUser,
    generatedKeys: [],
    serverEnv: ({ secretName }) => [fromSecret("REDIS_PASSWORD", secretName, "password")],
    serverArgs: ({ persistence }) => ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", persistence ? "yes" : "no"],
    passwordOptional: true,
};

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BackingServiceName } from "../../policy/lib/sharedNames";

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
    /** `app.kubernetes.io/component` label and container name: the service's shared name. */
    component: BackingServiceName;
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

/** What a flavor of a Docker official image sets itself; the rest {@link officialImageFlavor} derives. */
type OfficialImageServer = Omit<BackingServiceFlavor, "typeToken" | "component" | "serviceName" | "runAsUser" | "generatedKeys"> &
    Partial<Pick<BackingServiceFlavor, "generatedKeys">>;

/**
 * A server run from a Docker official image: component `milvus-cluster:backing:<typeName>`, Service and
 * StatefulSet `milvus-<component>` (the seed's names), run as the image's service user, no extra Secret keys
 * unless it says so.
 */
const officialImageFlavor = (component: BackingServiceName, typeName: string, server: OfficialImageServer): BackingServiceFlavor => ({
    typeToken: `milvus-cluster:backing:${typeName}`,
    component,
    serviceName: `milvus-${component}`,
    runAsUser: officialImageUser,
    generatedKeys: [],
    ...server,
});

/**
 * The env by which an official image creates its user on first start, with the password from the Secret, and
 * names its database, under that image's variable names (PostgreSQL creates that database and RabbitMQ that vhost;
 * MongoDB's root user lives in `admin`, and MONGO_INITDB_DATABASE only picks where its init scripts run).
 */
const initialUserEnv =
    (names: { user: string; password: string; database: string }) =>
    ({ user, database, secretName }: FlavorContext): EnvVar[] => [
        { name: names.user, value: user },
        fromSecret(names.password, secretName, "password"),
        { name: names.database, value: database },
    ];

export const mysqlFlavor = officialImageFlavor("mysql", "MySql", {
    port: { name: "mysql", number: 3306 },
    dataPath: "/var/lib/mysql",
    writableRootReason: entrypointWritesOutsideData,
    generatedKeys: ["root-password"],
    serverEnv: ({ user, database, secretName }) => [
        fromSecret("MYSQL_ROOT_PASSWORD", secretName, "root-password"),
        { name: "MYSQL_DATABASE", value: database },
        { name: "MYSQL_USER", value: user },
        fromSecret("MYSQL_PASSWORD", secretName, "password"),
    ],
});

export const postgresqlFlavor = officialImageFlavor("postgresql", "PostgreSql", {
    port: { name: "postgresql", number: 5432 },
    dataPath: "/var/lib/postgresql/data",
    writableRootReason: entrypointWritesOutsideData,
    serverEnv: (context) => [
        ...initialUserEnv({ user: "POSTGRES_USER", password: "POSTGRES_PASSWORD", database: "POSTGRES_DB" })(context),
        // A subdirectory: a fresh volume's root may hold lost+found, which initdb refuses.
        { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
    ],
});

export const mongodbFlavor = officialImageFlavor("mongodb", "MongoDb", {
    port: { name: "mongodb", number: 27017 },
    dataPath: "/data/db",
    writableRootReason: entrypointWritesOutsideData,
    serverEnv: initialUserEnv({
        user: "MONGO_INITDB_ROOT_USERNAME",
        password: "MONGO_INITDB_ROOT_PASSWORD",
        database: "MONGO_INITDB_DATABASE",
    }),
});

export const rabbitmqFlavor = officialImageFlavor("rabbitmq", "RabbitMq", {
    port: { name: "amqp", number: 5672 },
    dataPath: "/var/lib/rabbitmq",
    writableRootReason: entrypointWritesOutsideData,
    serverEnv: initialUserEnv({ user: "RABBITMQ_DEFAULT_USER", password: "RABBITMQ_DEFAULT_PASS", database: "RABBITMQ_DEFAULT_VHOST" }),
});

export const redisFlavor = officialImageFlavor("redis", "Redis", {
    port: { name: "redis", number: 6379 },
    dataPath: "/data",
    serverEnv: ({ secretName }) => [fromSecret("REDIS_PASSWORD", secretName, "password")],
    serverArgs: ({ persistence }) => ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", persistence ? "yes" : "no"],
    passwordOptional: true,
});

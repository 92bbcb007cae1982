import type { BackingServiceName } from "../config/backingServicesInUse";
import type { ServiceConnection } from "../backing/serviceConnection";

/**
 * The Celery broker and result backend kinds of the seed's line (`mq.backend`, `mq.resultBackend`): for each
 * kind, the backing service it runs on, its URL form, whether the celery-apps image can use it, and the
 * database it uses there. Everything else (the parser's allowed values, the services deployed, the URLs, the
 * refusals, which keys only the Celery tier uses) reads this table, so a new kind on a server this program
 * already deploys is one entry here. A kind that needs a new server also needs that server, which is a backing
 * service of its own, not a Celery decision: its name (policy/lib/sharedNames.ts), flavor and class
 * (components/backing/), its entry in backingServices.ts (the compiler asks for it), and its config keys
 * (types.ts, clusterSettings.ts, backingServiceSettings.ts, defaults.ts).
 */

/** `mq.imageDrivers`: Python drivers a celery-apps image of your own carries beyond the published source's. */
export const celeryImageDrivers = ["psycopg2", "pymongo"] as const;
/** A Python driver a celery-apps image of your own has beyond the published source's. */
export type CeleryImageDriver = (typeof celeryImageDrivers)[number];

/** Why a broker or result store cannot work with the celery-apps image, or what it needs; undefined: it works. */
export type CeleryVerdict = { refused: string } | { needs: CeleryImageDriver; why: string } | undefined;

/** One kind in one role (broker or result backend). */
export interface CeleryRole {
    /**
     * The URL scheme, as kombu 4.6.3 and celery 4.3.0 (the celery-apps image's pins) read it: the broker through
     * kombu (`sqla+<SQLAlchemy URL>`, split at the first `+`, kombu/connection.py), results through celery's
     * backends (`db+<SQLAlchemy URL>`, celery/app/backends.py). SQLAlchemy URLs name their driver.
     */
    scheme: string;
    verdict: CeleryVerdict;
    /** The database this role uses on the server instead of the server's own (Redis: a logical database). */
    database?: string;
}

/** One broker/result backend kind. */
export interface CeleryBackendKind {
    /** The backing service it runs on (deployed in the cluster, or its external server). */
    service: BackingServiceName;
    /** How the URL carries the login: `user:password@`, or the password alone (Redis). */
    login: "user" | "passwordOnly";
    /** Query string appended to the URL (MongoDB users live in the admin database). */
    query?: string;
    broker: CeleryRole;
    /** Unset: the kind cannot keep results. */
    result?: CeleryRole;
    /** Flower reads the broker: the driver the stock Flower image (mher/flower) lacks for this one, and why. */
    flower?: { needs: CeleryImageDriver; why: string };
}

/** Redis logical databases, so the Celery broker, its results and the apps' cache never share keys. */
export const redisDatabases = {
    broker: "0",
    results: "1",
    cache: "2",
} as const;

// The celery-apps image installs XuPeng-SH/celery_project's requirements.txt and requirements_apps.txt
// (cc1fef5): kombu 4.6.3, celery 4.3.0, py-amqp 2.5.0, redis 3.2.1, SQLAlchemy 1.3.5 and
// mysql-connector-python 8.0.16; no psycopg2, no pymongo, no MySQLdb.
const noEvents =
    "kombu 4.6.3's SQLAlchemy transport has no fanout and no shared bindings, so Celery events never cross " +
    "processes: milvus-monitor (apps/monitor_faas/app.py, an event receiver) would never see a sidecar come or go, " +
    "and Flower would show nothing";
const pymongo =
    "the celery-apps image built from XuPeng-SH/celery_project has no pymongo (kombu's mongodb transport and " +
    "celery's mongodb backend import it)";
const psycopg2 = "the celery-apps image built from XuPeng-SH/celery_project has no psycopg2 (SQLAlchemy's PostgreSQL driver)";

/** Every kind, in the order the config's error messages list them. */
export const celeryBackends = {
    redis: {
        service: "redis",
        login: "passwordOnly",
        broker: { scheme: "redis", verdict: undefined, database: redisDatabases.broker },
        result: { scheme: "redis", verdict: undefined, database: redisDatabases.results },
    },
    rabbitmq: {
        service: "rabbitmq",
        login: "user",
        broker: { scheme: "amqp", verdict: undefined },
    },
    mysql: {
        service: "mysql",
        login: "user",
        // mysql+mysqlconnector: the image's own MySQL driver (plain mysql:// would mean MySQLdb).
        broker: { scheme: "sqla+mysql+mysqlconnector", verdict: { refused: noEvents } },
        result: { scheme: "db+mysql+mysqlconnector", verdict: undefined },
    },
    postgresql: {
        service: "postgresql",
        login: "user",
        broker: { scheme: "sqla+postgresql+psycopg2", verdict: { refused: noEvents } },
        result: { scheme: "db+postgresql+psycopg2", verdict: { needs: "psycopg2", why: psycopg2 } },
    },
    mongodb: {
        service: "mongodb",
        login: "user",
        query: "?authSource=admin",
        broker: { scheme: "mongodb", verdict: { needs: "pymongo", why: pymongo } },
        result: { scheme: "mongodb", verdict: { needs: "pymongo", why: pymongo } },
        // mher/flower installs flower and redis only: kombu's mongodb transport would not import.
        flower: {
            needs: "pymongo",
            why: "Flower's image (images.flower, mher/flower) has no pymongo, so Flower cannot read a MongoDB broker",
        },
    },
} as const satisfies Record<string, CeleryBackendKind>;

type Kinds = typeof celeryBackends;
/** `mq.backend`: the Celery broker. */
export type MqBackend = keyof Kinds;
/** `mq.resultBackend`: where Celery keeps task results (Redis is the seed's recommendation). */
export type ResultBackend = { [K in MqBackend]: Kinds[K] extends { result: CeleryRole } ? K : never }[MqBackend];

/** A kind's entry, widened to {@link CeleryBackendKind} (the table's own type has no `result` on RabbitMQ). */
export const celeryBackend = (kind: MqBackend): CeleryBackendKind => celeryBackends[kind];
/** A result backend kind's entry for that role. */
export const resultRole = (kind: ResultBackend): CeleryRole => celeryBackends[kind].result;

/** The values `mq.backend` accepts. */
export const mqBackends = Object.keys(celeryBackends) as readonly MqBackend[];
/** The values `mq.resultBackend` accepts. */
export const resultBackends: readonly ResultBackend[] = mqBackends.filter(
    (kind): kind is ResultBackend => celeryBackend(kind).result !== undefined,
);

/** The apps' cache, where the monitor keeps the servers' set (milvus_celery's REDIS_* settings). */
const cacheServer: BackingServiceName = "redis";

/**
 * The servers the Celery tier runs on, by role: Redis as the apps' cache (where the monitor keeps the servers'
 * set), and the servers of the chosen broker and result backend (possibly the same).
 */
export const celeryServers = (mq: {
    backend: MqBackend;
    resultBackend: ResultBackend;
}): { cache: BackingServiceName; broker: BackingServiceName; resultBackend: BackingServiceName } => ({
    cache: cacheServer,
    broker: celeryBackend(mq.backend).service,
    resultBackend: celeryBackend(mq.resultBackend).service,
});

/** Every server the Celery tier may run on, whatever the choice: the cache's and each kind's, in table order. */
export const celeryServerNames: readonly BackingServiceName[] = [
    ...new Set<BackingServiceName>([cacheServer, ...Object.values(celeryBackends).map((kind) => kind.service)]),
];

/** A broker or result backend as the Celery apps reach it. */
export interface CeleryStore<Kind extends MqBackend> {
    kind: Kind;
    /** The server's connection, on the database this role uses (Redis: its own logical database). */
    connection: ServiceConnection;
}

const onRoleDatabase = (role: CeleryRole, server: ServiceConnection): ServiceConnection =>
    role.database === undefined ? server : { ...server, database: role.database };

/** The broker of kind `kind` on `server` (the connection of the service `celeryBackends[kind].service`). */
export const brokerStore = (kind: MqBackend, server: ServiceConnection): CeleryStore<MqBackend> => ({
    kind,
    connection: onRoleDatabase(celeryBackend(kind).broker, server),
});

/** The result backend of kind `kind` on `server` (the connection of the service `celeryBackends[kind].service`). */
export const resultStore = (kind: ResultBackend, server: ServiceConnection): CeleryStore<ResultBackend> => ({
    kind,
    connection: onRoleDatabase(resultRole(kind), server),
});

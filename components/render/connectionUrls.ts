import { MqBackend, ResultBackend } from "../config/types";
import { ServiceConnection } from "../backing/serviceConnection";

/** `user:password@` with the password as a placeholder, or `user@`/nothing when there is no password. */
const credentials = (c: ServiceConnection, passwordPlaceholder: string): string => {
    if (c.password === undefined) {
        return c.user === "" ? "" : `${c.user}@`;
    }
    return `${c.user}:${passwordPlaceholder}@`;
};

const address = (c: ServiceConnection): string => `${c.host}:${c.port}`;

/**
 * Milvus `db_config.db_backend_url`. Milvus 0.x matches it against `(.*)://(.*):(.*)@(.*):(.*)/(.*)`, so every
 * delimiter is written even when the password is empty.
 */
export const milvusMysqlUrl = (c: ServiceConnection, pw: string): string =>
    `mysql://${c.user}:${c.password === undefined ? "" : pw}@${address(c)}/${c.database}`;

/** Milvus's SQLite metastore: the literal its parser expects. */
export const milvusSqliteUrl = "sqlite://:@:/";

/**
 * The Celery apps' `SQLALCHEMY_DATABASE_URI`: SQLAlchemy with mysql-connector, the only MySQL driver the
 * celery-apps image has (requirements.txt:33 `mysql-connector-python==8.0.16`; plain `mysql://` means MySQLdb).
 */
export const celeryDbUri = (c: ServiceConnection, pw: string): string =>
    `mysql+mysqlconnector://${credentials(c, pw)}${address(c)}/${c.database}`;

/** Mishards' `SQLALCHEMY_DATABASE_URI` (SQLAlchemy with PyMySQL). */
export const proxyDbUri = (c: ServiceConnection, pw: string): string =>
    `mysql+pymysql://${credentials(c, pw)}${address(c)}/${c.database}`;

/**
 * Celery's URL schemes as kombu 4.6.3 and celery 4.3.0 (the celery-apps image's pins) read them: the broker
 * through kombu (`sqla+<SQLAlchemy URL>`, split at the first `+`, kombu/connection.py), results through
 * celery's backends (`db+<SQLAlchemy URL>`, celery/app/backends.py). The SQLAlchemy URLs name their driver:
 * `mysql+mysqlconnector` (the image's MySQL driver) and `postgresql+psycopg2` (only with `mq.imageDrivers`).
 * Which of these may be used at all is decided in components/config/celeryBackendRules.ts.
 */
const brokerSchemes: Record<MqBackend, string> = {
    redis: "redis",
    rabbitmq: "amqp",
    mysql: "sqla+mysql+mysqlconnector",
    postgresql: "sqla+postgresql+psycopg2",
    mongodb: "mongodb",
};
const resultSchemes: Record<ResultBackend, string> = {
    redis: "redis",
    mysql: "db+mysql+mysqlconnector",
    postgresql: "db+postgresql+psycopg2",
    mongodb: "mongodb",
};

/** A Celery URL: Redis authenticates with a password alone; MongoDB users live in the admin database. */
const celeryUrl = (scheme: string, c: ServiceConnection, pw: string): string => {
    const login = scheme === "redis" ? (c.password === undefined ? "" : `:${pw}@`) : credentials(c, pw);
    const query = scheme === "mongodb" ? "?authSource=admin" : "";
    // RabbitMQ's default vhost "/" is written as an empty path: amqp://user:pw@host:5672/
    const path = c.database === "/" ? "" : c.database;
    return `${scheme}://${login}${address(c)}/${path}${query}`;
};

/** Celery broker URL for each `mq.backend`. */
export const brokerUrl = (backend: MqBackend, c: ServiceConnection, pw: string): string =>
    celeryUrl(brokerSchemes[backend], c, pw);

/** Celery result backend URL for each `mq.resultBackend`. */
export const resultBackendUrl = (backend: ResultBackend, c: ServiceConnection, pw: string): string =>
    celeryUrl(resultSchemes[backend], c, pw);

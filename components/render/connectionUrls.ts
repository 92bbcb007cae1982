import { celeryBackend, CeleryBackendKind, MqBackend, ResultBackend, resultRole } from "../celery/celeryBackends";
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
export const proxyDbUri = (c: ServiceConnection, pw: string): string => `mysql+pymysql://${credentials(c, pw)}${address(c)}/${c.database}`;

/** A Celery URL of `kind`'s form: its login style and query (components/celery/celeryBackends.ts). */
const celeryUrl = (kind: CeleryBackendKind, scheme: string, c: ServiceConnection, pw: string): string => {
    const login = kind.login === "passwordOnly" ? (c.password === undefined ? "" : `:${pw}@`) : credentials(c, pw);
    // RabbitMQ's default vhost "/" is written as an empty path: amqp://user:pw@host:5672/
    const path = c.database === "/" ? "" : c.database;
    return `${scheme}://${login}${address(c)}/${path}${kind.query ?? ""}`;
};

/** Celery broker URL for each `mq.backend`, in the scheme the kind's table entry names. */
export const brokerUrl = (backend: MqBackend, c: ServiceConnection, pw: string): string =>
    celeryUrl(celeryBackend(backend), celeryBackend(backend).broker.scheme, c, pw);

/** Celery result backend URL for each `mq.resultBackend`, in the scheme the kind's table entry names. */
export const resultBackendUrl = (backend: ResultBackend, c: ServiceConnection, pw: string): string =>
    celeryUrl(celeryBackend(backend), resultRole(backend).scheme, c, pw);

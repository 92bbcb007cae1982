import { MqBackend, ResultBackend } from "../config/types";
import { ServiceConnection } from "./serviceConnection";

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

/** The Celery apps' `DB_URI` (SQLAlchemy with mysql-connector). */
export const celeryDbUri = (c: ServiceConnection, pw: string): string =>
    `mysql+mysqlconnector://${credentials(c, pw)}${address(c)}/${c.database}`;

/** Mishards' `SQLALCHEMY_DATABASE_URI` (SQLAlchemy with PyMySQL). */
export const proxyDbUri = (c: ServiceConnection, pw: string): string =>
    `mysql+pymysql://${credentials(c, pw)}${address(c)}/${c.database}`;

/** Celery broker URL for each `mq.backend`. */
export function brokerUrl(backend: MqBackend, c: ServiceConnection, pw: string): string {
    switch (backend) {
        case "redis":
            return `redis://${c.password === undefined ? "" : `:${pw}@`}${address(c)}/${c.database}`;
        case "rabbitmq":
            return `amqp://${credentials(c, pw)}${address(c)}/${c.database === "/" ? "" : c.database}`;
        case "mysql":
            return `sqla+mysql://${credentials(c, pw)}${address(c)}/${c.database}`;
        case "postgresql":
            return `sqla+postgresql://${credentials(c, pw)}${address(c)}/${c.database}`;
        case "mongodb":
            return `mongodb://${credentials(c, pw)}${address(c)}/${c.database}?authSource=admin`;
    }
}

/** Celery result backend URL for each `mq.resultBackend`. */
export function resultBackendUrl(backend: ResultBackend, c: ServiceConnection, pw: string): string {
    switch (backend) {
        case "redis":
            return `redis://${c.password === undefined ? "" : `:${pw}@`}${address(c)}/${c.database}`;
        case "mysql":
            return `db+mysql://${credentials(c, pw)}${address(c)}/${c.database}`;
        case "postgresql":
            return `db+postgresql://${credentials(c, pw)}${address(c)}/${c.database}`;
        case "mongodb":
            return `mongodb://${credentials(c, pw)}${address(c)}/${c.database}?authSource=admin`;
    }
}

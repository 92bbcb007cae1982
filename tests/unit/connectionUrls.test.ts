import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
    brokerUrl,
    celeryDbUri,
    milvusMysqlUrl,
    milvusSqliteUrl,
    proxyDbUri,
    resultBackendUrl,
} from "../../components/render/connectionUrls";
import { redisDatabases } from "../../components/celery/celeryBackends";
import { ServiceConnection } from "../../components/backing/serviceConnection";

const pw = "$(P)";
const secret = { name: "creds", key: "password" };

const redis: ServiceConnection = { host: "milvus-redis", port: 6379, user: "", database: "0", password: secret };
const rabbitmq: ServiceConnection = { host: "milvus-rabbitmq", port: 5672, user: "user", database: "milvus", password: secret };
const mysql: ServiceConnection = { host: "milvus-mysql", port: 3306, user: "milvus", database: "milvus", password: secret };
const postgresql: ServiceConnection = {
    host: "milvus-postgresql",
    port: 5432,
    user: "milvus",
    database: "celery",
    password: secret,
};
const mongodb: ServiceConnection = { host: "milvus-mongodb", port: 27017, user: "milvus", database: "celery", password: secret };

const withoutPassword = (c: ServiceConnection): ServiceConnection => ({
    host: c.host,
    port: c.port,
    user: c.user,
    database: c.database,
});

// The forms kombu 4.6.3 / celery 4.3.0 read with the celery-apps image's drivers: a bare `mysql` or
// `postgresql` would make SQLAlchemy load MySQLdb / psycopg2 by default; MySQLdb is not in the image
// (XuPeng-SH/celery_project cc1fef5 requirements.txt:5,11,33 pins celery 4.3.0, kombu 4.6.3 and
// mysql-connector-python 8.0.16). Schemes: kombu tag 4.6.3 kombu/transport/__init__.py TRANSPORT_ALIASES
// (`amqp`, `redis`, `sqla`, `mongodb`); celery tag v4.3.0 celery/app/backends.py BACKEND_ALIASES (`redis`, `db`,
// `mongodb`), the part after `+` handed on as the backend's URL.
describe("brokerUrl", () => {
    test("redis", () => {
        assert.equal(brokerUrl("redis", redis, pw), "redis://:$(P)@milvus-redis:6379/0");
    });
    test("rabbitmq", () => {
        assert.equal(brokerUrl("rabbitmq", rabbitmq, pw), "amqp://user:$(P)@milvus-rabbitmq:5672/milvus");
    });
    test("rabbitmq on the default vhost /", () => {
        assert.equal(brokerUrl("rabbitmq", { ...rabbitmq, database: "/" }, pw), "amqp://user:$(P)@milvus-rabbitmq:5672/");
    });
    test("mysql", () => {
        assert.equal(brokerUrl("mysql", mysql, pw), "sqla+mysql+mysqlconnector://milvus:$(P)@milvus-mysql:3306/milvus");
    });
    test("postgresql", () => {
        assert.equal(brokerUrl("postgresql", postgresql, pw), "sqla+postgresql+psycopg2://milvus:$(P)@milvus-postgresql:5432/celery");
    });
    test("mongodb", () => {
        assert.equal(brokerUrl("mongodb", mongodb, pw), "mongodb://milvus:$(P)@milvus-mongodb:27017/celery?authSource=admin");
    });
});

describe("resultBackendUrl", () => {
    test("redis", () => {
        assert.equal(resultBackendUrl("redis", { ...redis, database: "1" }, pw), "redis://:$(P)@milvus-redis:6379/1");
    });
    test("mysql", () => {
        assert.equal(resultBackendUrl("mysql", mysql, pw), "db+mysql+mysqlconnector://milvus:$(P)@milvus-mysql:3306/milvus");
    });
    test("postgresql", () => {
        assert.equal(resultBackendUrl("postgresql", postgresql, pw), "db+postgresql+psycopg2://milvus:$(P)@milvus-postgresql:5432/celery");
    });
    test("mongodb", () => {
        assert.equal(resultBackendUrl("mongodb", mongodb, pw), "mongodb://milvus:$(P)@milvus-mongodb:27017/celery?authSource=admin");
    });
});

// Milvus's metastore URI must match `(.*)://(.*):(.*)@(.*):(.*)/(.*)` (ValidateDbURI: milvus-io/milvus v1.1.1
// core/src/utils/ValidationUtil.cpp:640, v0.10.6 the same file :609, branch-0.4.0 at 33762b47
// cpp/src/utils/ValidationUtil.cpp:208). Mishards' driver: shards/requirements.txt:11 pymysql==0.9.3 (v1.1.1, v0.10.6).
describe("the seed's MySQL URL forms", () => {
    test("Milvus db_backend_url: mysql://", () => {
        assert.equal(milvusMysqlUrl(mysql, "$(MYSQL_PASSWORD)"), "mysql://milvus:$(MYSQL_PASSWORD)@milvus-mysql:3306/milvus");
    });
    test("Celery apps' SQLALCHEMY_DATABASE_URI: mysql+mysqlconnector://", () => {
        assert.equal(celeryDbUri(mysql, pw), "mysql+mysqlconnector://milvus:$(P)@milvus-mysql:3306/milvus");
    });
    test("Mishards SQLALCHEMY_DATABASE_URI: mysql+pymysql://", () => {
        assert.equal(proxyDbUri(mysql, pw), "mysql+pymysql://milvus:$(P)@milvus-mysql:3306/milvus");
    });
    test("SQLite literal keeps every delimiter Milvus's parser needs", () => {
        assert.equal(milvusSqliteUrl, "sqlite://:@:/");
    });
});

describe("connections without a password", () => {
    test("no password part in any URL, and the placeholder is not used", () => {
        const urls = {
            redisBroker: brokerUrl("redis", withoutPassword(redis), pw),
            redisResults: resultBackendUrl("redis", withoutPassword(redis), pw),
            amqp: brokerUrl("rabbitmq", withoutPassword(rabbitmq), pw),
            sqlaMysql: brokerUrl("mysql", withoutPassword(mysql), pw),
            sqlaPostgres: brokerUrl("postgresql", withoutPassword(postgresql), pw),
            mongoBroker: brokerUrl("mongodb", withoutPassword(mongodb), pw),
            dbMysql: resultBackendUrl("mysql", withoutPassword(mysql), pw),
            dbPostgres: resultBackendUrl("postgresql", withoutPassword(postgresql), pw),
            celery: celeryDbUri(withoutPassword(mysql), pw),
            proxy: proxyDbUri(withoutPassword(mysql), pw),
        };
        assert.deepEqual(urls, {
            redisBroker: "redis://milvus-redis:6379/0",
            redisResults: "redis://milvus-redis:6379/0",
            amqp: "amqp://user@milvus-rabbitmq:5672/milvus",
            sqlaMysql: "sqla+mysql+mysqlconnector://milvus@milvus-mysql:3306/milvus",
            sqlaPostgres: "sqla+postgresql+psycopg2://milvus@milvus-postgresql:5432/celery",
            mongoBroker: "mongodb://milvus@milvus-mongodb:27017/celery?authSource=admin",
            dbMysql: "db+mysql+mysqlconnector://milvus@milvus-mysql:3306/milvus",
            dbPostgres: "db+postgresql+psycopg2://milvus@milvus-postgresql:5432/celery",
            celery: "mysql+mysqlconnector://milvus@milvus-mysql:3306/milvus",
            proxy: "mysql+pymysql://milvus@milvus-mysql:3306/milvus",
        });
    });

    test("no user and no password: just the address", () => {
        assert.equal(
            brokerUrl("mysql", { ...withoutPassword(mysql), user: "" }, pw),
            "sqla+mysql+mysqlconnector://milvus-mysql:3306/milvus",
        );
    });

    test("Milvus's URL keeps the ':' and '@' its 0.x parser requires (user:password@host:port/db)", () => {
        // Milvus 0.x matches db_backend_url against `(.*)://(.*):(.*)@(.*):(.*)/(.*)`: without the ':' after
        // the user the metastore URL is rejected, so an empty password must still render as `user:@`.
        assert.equal(milvusMysqlUrl(withoutPassword(mysql), pw), "mysql://milvus:@milvus-mysql:3306/milvus");
    });
});

describe("redisDatabases", () => {
    test("broker, results and cache use distinct logical databases", () => {
        assert.deepEqual(redisDatabases, { broker: "0", results: "1", cache: "2" });
        assert.equal(new Set(Object.values(redisDatabases)).size, 3);
    });
});

import { ConfigReader } from "./configReader";
import { CeleryImageDriver, MqBackend, ResultBackend } from "./types";

/** `mq.imageDrivers`: Python drivers a celery-apps image of your own carries beyond the published source's. */
export const celeryImageDrivers: readonly CeleryImageDriver[] = ["psycopg2", "pymongo"];

/** Why a broker or result store cannot work with the celery-apps image, or what it needs; undefined: it works. */
type Verdict = { refused: string } | { needs: CeleryImageDriver; why: string } | undefined;

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

const brokerVerdicts: Record<MqBackend, Verdict> = {
    redis: undefined,
    rabbitmq: undefined,
    mysql: { refused: noEvents },
    postgresql: { refused: noEvents },
    mongodb: { needs: "pymongo", why: pymongo },
};
const resultVerdicts: Record<ResultBackend, Verdict> = {
    redis: undefined,
    // db+mysql+mysqlconnector: the image's own MySQL driver.
    mysql: undefined,
    postgresql: { needs: "psycopg2", why: psycopg2 },
    mongodb: { needs: "pymongo", why: pymongo },
};

const judge = (reader: ConfigReader, key: string, verdict: Verdict, drivers: readonly CeleryImageDriver[], usable: string): void => {
    if (verdict === undefined) {
        return;
    }
    if ("refused" in verdict) {
        reader.fail(key, `${verdict.refused}; expected ${usable}`);
    } else if (!drivers.includes(verdict.needs)) {
        reader.fail(
            key,
            `${verdict.why}; expected ${usable}, or build the celery-apps image with ${verdict.needs} ` +
                `(README, "The seed's Celery apps") and list it in mq.imageDrivers`,
        );
    }
};

/**
 * Refuses a Celery broker or result backend the seed's apps cannot use: one whose driver the celery-apps image
 * lacks (unless `mq.imageDrivers` says your image has it), or a broker that carries no events, which the
 * monitor is built on. Refused, not deployed with a caveat: the pods would start and then fail or do nothing.
 */
export function refuseUnworkableCeleryBackends(
    reader: ConfigReader,
    mq: { backend: MqBackend; resultBackend: ResultBackend; imageDrivers: readonly CeleryImageDriver[] },
): void {
    judge(reader, "mq.backend", brokerVerdicts[mq.backend], mq.imageDrivers, '"redis" or "rabbitmq"');
    judge(reader, "mq.resultBackend", resultVerdicts[mq.resultBackend], mq.imageDrivers, '"redis" or "mysql"');
    for (const driver of mq.imageDrivers) {
        const verdicts = [brokerVerdicts[mq.backend], resultVerdicts[mq.resultBackend]];
        if (!verdicts.some((v) => v !== undefined && "needs" in v && v.needs === driver)) {
            reader.fail("mq.imageDrivers", `${driver} is used by neither mq.backend nor mq.resultBackend; remove it`);
        }
    }
}

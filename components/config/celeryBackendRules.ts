import {
    celeryBackend,
    CeleryImageDriver,
    CeleryVerdict,
    MqBackend,
    mqBackends,
    ResultBackend,
    resultBackends,
    resultRole,
} from "../celery/celeryBackends";
import { ConfigReader } from "./configReader";

const judge = (reader: ConfigReader, key: string, verdict: CeleryVerdict, drivers: readonly CeleryImageDriver[], usable: string): void => {
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

/** The kinds that work as published, quoted for an error message: `"redis" or "rabbitmq"`. */
const usableKinds = <K extends string>(kinds: readonly K[], verdictOf: (kind: K) => CeleryVerdict): string =>
    kinds
        .filter((kind) => verdictOf(kind) === undefined)
        .map((kind) => `"${kind}"`)
        .join(" or ");

/**
 * Refuses a Celery broker or result backend the seed's apps cannot use: one whose driver the celery-apps image
 * lacks (unless `mq.imageDrivers` says your image has it), or a broker that carries no events, which the
 * monitor is built on. Refused, not deployed with a caveat: the pods would start and then fail or do nothing.
 * The verdicts are the kinds' table's (components/celery/celeryBackends.ts).
 */
export function refuseUnworkableCeleryBackends(
    reader: ConfigReader,
    mq: { backend: MqBackend; resultBackend: ResultBackend; imageDrivers: readonly CeleryImageDriver[] },
    flower: { enabled: boolean; ownImage: boolean },
): void {
    const broker = celeryBackend(mq.backend);
    const brokerVerdict = broker.broker.verdict;
    const resultVerdict = resultRole(mq.resultBackend).verdict;
    if (broker.flower !== undefined && flower.enabled && !flower.ownImage) {
        reader.fail(
            "mq.backend",
            `${broker.flower.why}; set flower.enabled: false, or images.flower to a Flower image with ${broker.flower.needs}`,
        );
    }
    judge(
        reader,
        "mq.backend",
        brokerVerdict,
        mq.imageDrivers,
        usableKinds(mqBackends, (k) => celeryBackend(k).broker.verdict),
    );
    judge(
        reader,
        "mq.resultBackend",
        resultVerdict,
        mq.imageDrivers,
        usableKinds(resultBackends, (k) => resultRole(k).verdict),
    );
    for (const driver of mq.imageDrivers) {
        const verdicts = [brokerVerdict, resultVerdict];
        if (!verdicts.some((v) => v !== undefined && "needs" in v && v.needs === driver)) {
            reader.fail("mq.imageDrivers", `${driver} is used by neither mq.backend nor mq.resultBackend; remove it`);
        }
    }
}

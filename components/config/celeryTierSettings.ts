import { celeryImageDrivers, mqBackends, resultBackends } from "../celery/celeryBackends";
import {
    defaultServersMonitorKey,
    monitorCommand,
    monitorKeyAsserts,
    monitorKeyPrefix,
    queryWorkerApp,
    queryWorkerCommand,
    workerPingCommand,
} from "../celery/seedCeleryApps";
import { ConfigReader } from "./configReader";
import { defaultResources } from "./defaults";
import { readPodAnnotations } from "./podAnnotations";
import { readAutoscaling, readPriority, readResources, readTier, serviceTypes } from "./tierSettings";
import { CeleryConfig, CeleryImageDriver, ClusterConfig, TierConfig } from "./types";

/** The Celery workflow tier: its broker and result backend (`mq`), `monitor`, `workers`, `sidecars` and `flower`. */

/** `mq.backend`, `mq.resultBackend` and `mq.imageDrivers`. */
export const readMq = (reader: ConfigReader): ClusterConfig["mq"] => ({
    backend: reader.oneOf("mq.backend", mqBackends, "redis"),
    resultBackend: reader.oneOf("mq.resultBackend", resultBackends, "redis"),
    imageDrivers: readImageDrivers(reader),
});

const isImageDriver = (v: string): v is CeleryImageDriver => celeryImageDrivers.some((d) => d === v);

const readImageDrivers = (reader: ConfigReader): CeleryImageDriver[] =>
    reader
        .stringList("mq.imageDrivers", [], (v) =>
            isImageDriver(v) ? undefined : `expected a list of ${celeryImageDrivers.map((d) => `"${d}"`).join(", ")}`,
        )
        .filter(isImageDriver);

/** `workers`' replicas, resources, priority and pod annotations: {@link readClusterConfig} reads them early. */
export const readWorkersTier = (reader: ConfigReader, priority: string | undefined): TierConfig =>
    readTier(reader, "workers", 1, defaultResources.celeryWorker, priority);

/** `monitor`, the rest of `workers`, `sidecars` and `flower`. */
export const readCelery = (reader: ConfigReader, workersTier: TierConfig, priority: string | undefined): CeleryConfig => ({
    monitor: {
        resources: readResources(reader, "monitor.resources", defaultResources.celeryMonitor),
        command: reader.stringList("monitor.command", [...monitorCommand]),
        probeCommand: reader.has("monitor.probeCommand") ? reader.stringList("monitor.probeCommand", []) : undefined,
        priorityClassName: readPriority(reader, "monitor", priority),
        podAnnotations: readPodAnnotations(reader, "monitor"),
    },
    workers: {
        ...workersTier,
        command: reader.stringList("workers.command", [...queryWorkerCommand]),
        concurrency: reader.integer("workers.concurrency", 2, 1, 256),
        probeCommand: reader.stringList("workers.probeCommand", workerPingCommand(queryWorkerApp, "celery@$HOSTNAME")),
        autoscaling: readAutoscaling(reader, "workers", workersTier.replicas),
    },
    sidecar: { resources: readResources(reader, "sidecars.resources", defaultResources.celerySidecar) },
    flower: {
        enabled: reader.boolean("flower.enabled", true),
        serviceType: reader.oneOf("flower.serviceType", serviceTypes, "ClusterIP"),
        resources: readResources(reader, "flower.resources", defaultResources.flower),
        priorityClassName: readPriority(reader, "flower", priority),
        podAnnotations: readPodAnnotations(reader, "flower"),
    },
    serversMonitorKey: reader.string("monitor.serversMonitorKey", defaultServersMonitorKey, monitorKey),
});

/** `SERVERS_MONITOR_KEY`: the monitor and every sidecar assert its prefix at start. */
function monitorKey(value: string): string | undefined {
    return value.startsWith(monitorKeyPrefix) && value.length > monitorKeyPrefix.length
        ? undefined
        : `expected a Redis key starting with "${monitorKeyPrefix}", e.g. "${defaultServersMonitorKey}": ` +
              `the seed's monitor and sidecars assert it at start (${monitorKeyAsserts})`;
}

import { celeryServerNames, celeryServers } from "../celery/celeryBackends";
import { hasCeleryTier } from "../celery/celeryTier";
import { BackingServiceName } from "../../policy/lib/sharedNames";
import { ClusterConfig } from "./types";

export type { BackingServiceName };

/**
 * The backing services a config uses: MySQL for the MySQL metastore, MinIO for S3 storage without an external
 * endpoint, and, where the release has the Celery tier (cluster mode only), Redis (the apps' cache) and the
 * services the Celery broker and result backend run on (components/celery/celeryBackends.ts).
 */
export function backingServicesInUse(
    config: Pick<ClusterConfig, "release" | "mode" | "metastore" | "storage" | "mq">,
): Set<BackingServiceName> {
    const used = new Set<BackingServiceName>();
    if (config.metastore.backend === "mysql") {
        used.add("mysql");
    }
    if (config.storage.backend === "s3" && config.storage.s3.endpoint === undefined) {
        used.add("minio");
    }
    if (hasCeleryTier(config)) {
        for (const service of Object.values(celeryServers(config.mq))) {
            used.add(service);
        }
    }
    return used;
}

/** The services the Milvus servers themselves may use: MySQL (the metastore) and MinIO (object storage). */
const milvusServerServices: readonly BackingServiceName[] = ["mysql", "minio"];

/** The services only the Celery tier uses: without it, their config keys do nothing. */
export const celeryOnlyServices: readonly BackingServiceName[] = celeryServerNames.filter((s) => !milvusServerServices.includes(s));

import { releaseProfiles } from "../release/milvusReleases";
import { BackingServiceName } from "../../policy/lib/sharedNames";
import { ClusterConfig } from "./types";

export type { BackingServiceName };

/**
 * The backing services a config uses: MySQL for the MySQL metastore or a MySQL broker, MinIO for S3 storage
 * without an external endpoint, and, where the release has the Celery tier (cluster mode only), Redis and
 * whichever of RabbitMQ, PostgreSQL and MongoDB is the Celery broker or result backend.
 */
export function backingServicesInUse(
    config: Pick<ClusterConfig, "release" | "mode" | "metastore" | "storage" | "mq">,
): Set<BackingServiceName> {
    const celeryTier = config.mode === "cluster" && releaseProfiles[config.release].celeryTier;
    const celeryKinds = new Set<string>(celeryTier ? [config.mq.backend, config.mq.resultBackend] : []);
    const used = new Set<BackingServiceName>();
    if (config.metastore.backend === "mysql" || celeryKinds.has("mysql")) {
        used.add("mysql");
    }
    if (celeryTier) {
        used.add("redis");
    }
    if (config.storage.backend === "s3" && config.storage.s3.endpoint === undefined) {
        used.add("minio");
    }
    for (const broker of ["rabbitmq", "postgresql", "mongodb"] as const) {
        if (celeryKinds.has(broker)) {
            used.add(broker);
        }
    }
    return used;
}

import { hasCeleryTier } from "../celery/celeryTier";
import { backingServicesInUse } from "./backingServicesInUse";
import { ClusterConfig } from "./types";

/**
 * The settings whose change replaces or deletes stored data, as `config key → value`. The program exports it
 * as the stack output `storageLayout`, reads the previous update's copy back, and refuses an update that
 * changes it destructively (see `destructiveChanges` in replacementGuard.ts).
 */
export type StorageLayout = Record<string, string>;

const unsetClass = "(cluster default)";

/** The storage layout of a config. */
export function storageLayout(config: ClusterConfig): StorageLayout {
    const layout: StorageLayout = {
        "milvus.release": config.release,
        namespace: config.namespace,
        createNamespace: String(config.createNamespace),
        mode: config.mode,
        "metastore.backend": config.metastore.backend,
        "storage.backend": config.storage.backend,
    };
    if (hasCeleryTier(config)) {
        // Informational: a broker switch is refused only when it removes an in-cluster server (see below).
        layout["mq.backend"] = config.mq.backend;
        layout["mq.resultBackend"] = config.mq.resultBackend;
    }
    if (config.storage.backend === "s3") {
        layout["storage.s3.endpoint"] = config.storage.s3.endpoint ?? "(in-cluster MinIO)";
        layout["storage.s3.bucket"] = config.storage.s3.bucket;
    }
    for (const service of [...backingServicesInUse(config)].sort()) {
        const settings = config[service];
        layout[`${service}.external`] = settings.external === undefined ? "no" : "yes";
        if ("database" in settings) {
            // A server creates its database (RabbitMQ: vhost) and login once, on its first start.
            layout[`${service}.database`] = settings.database;
            layout[`${service}.user`] = settings.user;
        }
        if (settings.external === undefined) {
            layout[`${service}.persistence`] = String(settings.persistence);
            if (settings.persistence) {
                layout[`${service}.storage.size`] = settings.storage.size;
                layout[`${service}.storage.storageClass`] = settings.storage.storageClass ?? unsetClass;
                layout[`${service}.storage.accessMode`] = settings.storage.accessMode;
            }
        }
    }
    const claims = config.storage.backend === "local" ? (["logs", "data"] as const) : (["logs"] as const);
    for (const claim of claims) {
        const volume = config.volumes[claim];
        layout[`volumes.${claim}.size`] = volume.size;
        layout[`volumes.${claim}.storageClass`] = volume.storageClass ?? unsetClass;
        layout[`volumes.${claim}.accessMode`] = volume.accessMode;
    }
    return layout;
}

/** Reads a stored layout back from a stack output; undefined when there is none or it is not one. */
export function layoutFromOutput(value: unknown): StorageLayout | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return undefined;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.every(([, v]) => typeof v === "string") ? (Object.fromEntries(entries) as StorageLayout) : undefined;
}

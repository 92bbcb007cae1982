import { componentLabel } from "../../policy/lib/sharedNames";

/**
 * The `app.kubernetes.io/component` label of each tier's pods (the backing servers use their flavor's, e.g.
 * `mysql`). NetworkPolicies select pods by these.
 */
export const componentLabels = {
    singleServer: "server",
    writeNode: "wo-server",
    readNodes: "ro-server",
    proxy: "proxy",
    monitor: "celery-monitor",
    workers: "celery-worker",
    flower: "flower",
    /** The Celery apps' settings ConfigMap (no pods). */
    celerySettings: "celery",
    minio: "minio",
    makeBucket: "minio-make-bucket",
    devicePlugin: "nvidia-device-plugin",
} as const;

/** The label naming the MilvusCluster an object belongs to (its name); NetworkPolicies admit peers by it. */
export const instanceLabel = "app.kubernetes.io/instance";

/** Labels that select one tier's pods: stable for the life of the workload (selectors are immutable). */
export const selectorLabels = (instance: string, component: string): Record<string, string> => ({
    "app.kubernetes.io/name": "milvus",
    [instanceLabel]: instance,
    [componentLabel]: component,
});

/** Selector labels plus the ones that describe ownership, for every object's metadata. */
export const objectLabels = (instance: string, component: string): Record<string, string> => ({
    ...selectorLabels(instance, component),
    "app.kubernetes.io/part-of": "milvus-cluster",
    "app.kubernetes.io/managed-by": "pulumi",
});

/** `key=value,...` form of a label map, for label-selector strings. */
export const labelSelectorString = (labels: Record<string, string>): string =>
    Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");

/** A tier's labels: `labels` for its objects' metadata, `selector` for the pods it selects. */
export const tierLabels = (instance: string, component: string): { labels: Record<string, string>; selector: Record<string, string> } => ({
    labels: objectLabels(instance, component),
    selector: selectorLabels(instance, component),
});

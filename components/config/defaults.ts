import { ContainerResources, ImageSet } from "./types";

/**
 * Images used unless `images.*` (or `<service>.image`) overrides them. Every one is pinned to a tag. The server
 * and proxy images depend on the release: see components/release/milvusReleases.ts.
 */
export const defaultImages: Omit<ImageSet, "milvus" | "proxy"> = {
    // The seed's Celery apps (the 0.4 line): Zilliz's internal registry, never public.
    celeryApps: "registry.zilliz.com/milvus/celery-apps:v0.2.1",
    flower: "mher/flower:2.0.1",
    // Receives what the 0.10/1.1 servers push: one beside each server (components/milvus/pushgatewaySidecar.ts).
    pushgateway: "prom/pushgateway:v1.11.3",
    // Fills credentials into config files at pod start (sh + sed).
    configRenderer: "busybox:1.37.0",
    devicePlugin: "nvcr.io/nvidia/k8s-device-plugin:v0.20.0",
    minioClient: "minio/mc:RELEASE.2024-11-21T17-21-54Z",
};

/** In-cluster backing servers. */
export const defaultServiceImages = {
    mysql: "mysql:5.7.44",
    redis: "redis:7.2.7",
    minio: "minio/minio:RELEASE.2024-12-18T13-15-44Z",
    rabbitmq: "rabbitmq:3.13.7",
    postgresql: "postgres:16.6",
    mongodb: "mongo:7.0.16",
} as const;

/** Builds a requests/limits pair. */
export const resources = (requestCpu: string, requestMemory: string, limitCpu: string, limitMemory: string): ContainerResources => ({
    requests: { cpu: requestCpu, memory: requestMemory },
    limits: { cpu: limitCpu, memory: limitMemory },
});

/** Container resources unless `<tier>.resources` overrides them: sized for a small dev cluster. */
export const defaultResources = {
    milvusServer: resources("1", "4Gi", "4", "16Gi"),
    proxy: resources("250m", "256Mi", "1", "1Gi"),
    celeryMonitor: resources("100m", "128Mi", "500m", "512Mi"),
    celeryWorker: resources("250m", "256Mi", "1", "1Gi"),
    celerySidecar: resources("100m", "256Mi", "1", "1Gi"),
    flower: resources("100m", "128Mi", "500m", "512Mi"),
    pushgateway: resources("10m", "32Mi", "200m", "128Mi"),
    mysql: resources("250m", "512Mi", "1", "2Gi"),
    redis: resources("100m", "128Mi", "500m", "1Gi"),
    minio: resources("250m", "512Mi", "1", "2Gi"),
    broker: resources("250m", "512Mi", "1", "1Gi"),
} as const;

/** Sidecar-sized containers the user does not tune: config renderer, bucket job, device plugin. */
export const helperContainerResources: ContainerResources = resources("10m", "16Mi", "100m", "64Mi");

import { ContainerResources, GpuConfig, ImageSet, MilvusTuning } from "../config/types";
import { MilvusRelease } from "../release/milvusReleases";
import { S3Connection } from "../backing/objectStorage";
import { ServiceConnection } from "../backing/serviceConnection";

/** Where a Milvus server keeps data and logs. */
export interface MilvusVolumes {
    /** Claim of the shared data volume (local storage); unset: an emptyDir cache (S3 storage). */
    dataClaimName?: string;
    /** Claim of `milvus-log-disk`; each pod writes under a directory named after itself. */
    logClaimName: string;
}

/** What every Milvus server of a cluster shares, whatever its tier: its config files and its pods read it. */
export interface MilvusServerSpec {
    /** The Milvus line: its config schema, image paths and metrics export. */
    release: MilvusRelease;
    /** Server tuning rendered into `config.yml` (and, for 0.3/0.4, `log.conf`). */
    tuning: MilvusTuning;
    /** GPU requests and GPU-node placement. */
    gpu: GpuConfig;
    /** Turn on `metric_config` and the scrape annotations. */
    metricsEnabled: boolean;
    /** Server image, the config-renderer image and the Pushgateway sidecar's (0.10/1.1). */
    images: Pick<ImageSet, "milvus" | "configRenderer" | "pushgateway">;
    /** MySQL metastore; unset means SQLite (single mode only). */
    metastore?: ServiceConnection;
    /** S3 storage; unset means local storage on `volumes.dataClaimName`. */
    objectStorage?: S3Connection;
    /** Its data and log claims. */
    volumes: MilvusVolumes;
    /** Non-root UID for the server image (`security.appRunAsUser`); unset: the image's user. */
    runAsUser?: number;
}

/** What one server tier sets for its own pods (`writeNode.*`, `readNodes.*`). */
export interface MilvusServerTierPods {
    /** Requests/limits of the server container (GPUs are added from the spec's `gpu`). */
    resources: ContainerResources;
    /** PriorityClass of the server pods; unset: the cluster default. */
    priorityClassName?: string;
    /** `<tier>.podAnnotations`: the operator's, under the program's own. */
    podAnnotations?: Record<string, string>;
}

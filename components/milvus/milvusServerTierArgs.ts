import * as pulumi from "@pulumi/pulumi";
import { ContainerResources, GpuConfig, ImageSet, MilvusTuning } from "../config/types";
import { MilvusRelease } from "../release/milvusReleases";
import { S3Connection } from "../backing/objectStorage";
import { ServiceConnection } from "../backing/serviceConnection";
import { MilvusVolumes } from "./milvusServerPod";

/** Arguments shared by the Milvus server tiers (write-only node, read-only nodes). */
export interface MilvusServerTierArgs {
    /** Namespace of every object. */
    namespace: pulumi.Input<string>;
    /** `app.kubernetes.io/instance` label. */
    instance: string;
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
    /** Requests/limits of the server container (GPUs are added from `gpu`). */
    resources: ContainerResources;
    /** MySQL metastore; unset means SQLite (single mode only). */
    metastore?: ServiceConnection;
    /** S3 storage; unset means local storage on `volumes.dataClaimName`. */
    objectStorage?: S3Connection;
    volumes: MilvusVolumes;
    imagePullSecrets: string[];
    /** PriorityClass of the server pods; unset: the cluster default. */
    priorityClassName?: string;
    /** Non-root UID for the server image (`security.appRunAsUser`); unset: the image's user. */
    runAsUser?: number;
    /** How long `pulumi up` waits for the servers to run their new revision, Ready. */
    rolloutTimeoutSeconds: number;
    /** `<tier>.podAnnotations`: the operator's, under the program's own. */
    podAnnotations?: Record<string, string>;
}

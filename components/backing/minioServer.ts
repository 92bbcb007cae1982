import * as pulumi from "@pulumi/pulumi";
import { BackingServiceConfig, DataProtection } from "../config/types";
import { credentialEnvVars } from "../kube/configRendering";
import { componentLabels } from "../kube/labels";
import { RolloutWait } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";
import type { S3Keys } from "./objectStorage";
import { StatefulServer } from "./statefulServer";

/** What the in-cluster MinIO server is built from. */
export interface MinioServerInput extends WorkloadContext, RolloutWait {
    /** Name of its Service and StatefulSet (`milvus-minio`). */
    serviceName: string;
    /** The S3 port it serves. */
    port: number;
    /** Its image, resources, storage and priority class. */
    minio: BackingServiceConfig;
    /** The Secret keys of its root user, which are the bucket's keys. */
    keys: S3Keys;
    /** Protect it where it keeps data (`persistence`); retain its claim on delete. */
    protection: DataProtection;
}

/** Declares, as a child of `parent`, MinIO serving S3 from /data, its root user's keys from the Secret. */
export function minioServer(parent: pulumi.Resource, logicalName: string, input: MinioServerInput): StatefulServer {
    const { minio } = input;
    return new StatefulServer(
        logicalName,
        {
            namespace: input.namespace,
            instance: input.instance,
            component: componentLabels.minio,
            serviceName: input.serviceName,
            image: minio.image,
            args: ["server", "/data"],
            env: credentialEnvVars([
                { name: "MINIO_ROOT_USER", secret: input.keys.accessKey },
                { name: "MINIO_ROOT_PASSWORD", secret: input.keys.secretKey },
            ]),
            port: { name: "s3", number: input.port },
            dataPath: "/data",
            persistence: minio.persistence,
            storage: minio.storage,
            resources: minio.resources,
            // MinIO runs as any UID that owns /data; it writes its own state under /data/.minio.sys.
            runAsUser: 1000,
            writableRootReason: "MinIO creates its configuration and certificate directories under its home directory",
            priorityClassName: minio.priorityClassName,
            protection: { ...input.protection, protect: input.protection.protect && minio.persistence },
            imagePullSecrets: input.imagePullSecrets,
            rolloutTimeoutSeconds: input.rolloutTimeoutSeconds,
        },
        { parent },
    );
}

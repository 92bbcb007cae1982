import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerResources } from "../config/types";
import { credentialEnvVars } from "../kube/configRendering";
import { containerResources } from "../kube/containerResources";
import { componentLabels, objectLabels } from "../kube/labels";
import { helperUser, restrictedContainer, restrictedPod } from "../kube/podSecurity";
import { pullSecretRefs, WorkloadContext } from "../kube/workloadContext";
import type { S3Keys } from "./objectStorage";

/** What the Job that creates the bucket in the in-cluster MinIO is built from. */
export interface MakeBucketJobInput extends WorkloadContext {
    /** The MinIO client image. */
    image: string;
    resources: ContainerResources;
    /** MinIO's URL inside the namespace (`http://milvus-minio:9000`). */
    serverUrl: string;
    bucket: string;
    /** The Secret keys it logs in with. */
    keys: S3Keys;
    /** The MinIO server, which it waits for. */
    server: pulumi.Resource;
}

/**
 * Declares, as a child of `parent`, the Job that creates the bucket with the MinIO client (`mc mb`, which leaves
 * an existing bucket alone). Auto-named: a Job is immutable, so a new bucket name replaces it create-before-delete.
 */
export function minioMakeBucketJob(parent: pulumi.Resource, logicalName: string, input: MakeBucketJobInput): k8s.batch.v1.Job {
    return new k8s.batch.v1.Job(
        logicalName,
        {
            metadata: { namespace: input.namespace, labels: objectLabels(input.instance, componentLabels.makeBucket) },
            spec: {
                backoffLimit: 10,
                template: {
                    metadata: { labels: objectLabels(input.instance, componentLabels.makeBucket) },
                    spec: {
                        restartPolicy: "OnFailure",
                        automountServiceAccountToken: false,
                        securityContext: restrictedPod(helperUser),
                        imagePullSecrets: pullSecretRefs(input),
                        containers: [
                            {
                                name: "make-bucket",
                                image: input.image,
                                command: ["sh", "-c"],
                                args: [
                                    `mc alias set target ${input.serverUrl} "$S3_ACCESS_KEY" "$S3_SECRET_KEY" && ` +
                                        `mc mb --ignore-existing "target/${input.bucket}"`,
                                ],
                                env: [
                                    ...credentialEnvVars([
                                        { name: "S3_ACCESS_KEY", secret: input.keys.accessKey },
                                        { name: "S3_SECRET_KEY", secret: input.keys.secretKey },
                                    ]),
                                    // mc keeps its aliases here; the root filesystem stays read-only.
                                    { name: "MC_CONFIG_DIR", value: "/tmp/mc" },
                                ],
                                resources: containerResources(input.resources),
                                securityContext: restrictedContainer({ readOnlyRootFilesystem: true }),
                                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            },
                        ],
                        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
                    },
                },
            },
        },
        { parent, dependsOn: [input.server] },
    );
}

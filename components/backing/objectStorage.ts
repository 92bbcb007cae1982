import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BackingServiceConfig, ContainerResources, DataProtection, S3Config } from "../config/types";
import { credentialEnvVars } from "../kube/configRendering";
import { containerResources } from "../kube/containerResources";
import { SecretRef } from "./serviceConnection";
import { componentLabels, objectLabels } from "../kube/labels";
import { helperUser, restrictedContainer, restrictedPod } from "../kube/podSecurity";
import { RolloutWait } from "../kube/rolloutTimeout";
import { pullSecretRefs, WorkloadContext } from "../kube/workloadContext";
import { CredentialsSecret } from "./credentialsSecret";
import { StatefulServer } from "./statefulServer";

/** How Milvus reaches its bucket. */
export interface S3Connection {
    address: string;
    port: number;
    bucket: string;
    useSsl: boolean;
    accessKey: SecretRef;
    secretKey: SecretRef;
}

/** Arguments of {@link ObjectStorage}. */
export interface ObjectStorageArgs extends WorkloadContext, RolloutWait {
    /** Bucket, and the external endpoint with its keys; no endpoint means in-cluster MinIO. */
    s3: S3Config;
    /** The in-cluster MinIO's image, resources and storage. */
    minio: BackingServiceConfig;
    /** Image of the MinIO client that creates the bucket. */
    minioClientImage: string;
    helperResources: ContainerResources;
    /** Protect MinIO's keys, and MinIO where it keeps data (`persistence`); retain its claim on delete. */
    protection: DataProtection;
}

const minioService = "milvus-minio";
const secretName = "milvus-s3-credentials";

/**
 * The S3-compatible bucket Milvus stores segments in: an external endpoint (keys from secret config or an
 * existing Secret), or MinIO in the cluster (Service `milvus-minio`, generated keys) with the bucket created
 * by a Job.
 */
export class ObjectStorage extends pulumi.ComponentResource {
    readonly connection: S3Connection;
    /** `host:port` of the S3 endpoint. */
    readonly endpoint: pulumi.Output<string>;
    /** MinIO's pod component label and port (for NetworkPolicies); unset with an external endpoint. */
    readonly serverPods?: { component: string; port: number };

    constructor(name: string, args: ObjectStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:backing:ObjectStorage", name, {}, opts);
        const { s3 } = args;
        const common = { namespace: args.namespace, instance: args.instance, component: "object-storage" };
        const keyRefs = (secret: pulumi.Input<string>) => ({
            accessKey: { name: secret, key: "accessKey" },
            secretKey: { name: secret, key: "secretKey" },
        });

        if (s3.endpoint !== undefined) {
            const [address, port] = s3.endpoint.split(":");
            const secret =
                s3.existingSecret ??
                new CredentialsSecret(
                    `${name}-credentials`,
                    { ...common, secretName, keys: { accessKey: s3.accessKey ?? "", secretKey: s3.secretKey ?? "" } },
                    { parent: this },
                ).secretName;
            this.connection = {
                address,
                port: port === undefined ? (s3.useSsl ? 443 : 80) : Number(port),
                bucket: s3.bucket,
                useSsl: s3.useSsl,
                ...keyRefs(secret),
            };
            this.endpoint = pulumi.output(`${this.connection.address}:${this.connection.port}`);
        } else {
            const credentials = new CredentialsSecret(
                `${name}-credentials`,
                { ...common, secretName, keys: { accessKey: "generate", secretKey: "generate" }, protect: args.protection.protect },
                { parent: this },
            );
            this.serverPods = { component: componentLabels.minio, port: 9000 };
            this.connection = {
                address: minioService,
                port: 9000,
                bucket: s3.bucket,
                useSsl: false,
                ...keyRefs(credentials.secretName),
            };
            const server = new StatefulServer(
                `${name}-minio`,
                {
                    ...common,
                    component: componentLabels.minio,
                    serviceName: minioService,
                    image: args.minio.image,
                    args: ["server", "/data"],
                    env: credentialEnvVars([
                        { name: "MINIO_ROOT_USER", secret: this.connection.accessKey },
                        { name: "MINIO_ROOT_PASSWORD", secret: this.connection.secretKey },
                    ]),
                    port: { name: "s3", number: 9000 },
                    dataPath: "/data",
                    persistence: args.minio.persistence,
                    storage: args.minio.storage,
                    resources: args.minio.resources,
                    // MinIO runs as any UID that owns /data; it writes its own state under /data/.minio.sys.
                    runAsUser: 1000,
                    writableRootReason: "MinIO creates its configuration and certificate directories under its home directory",
                    priorityClassName: args.minio.priorityClassName,
                    protection: { ...args.protection, protect: args.protection.protect && args.minio.persistence },
                    imagePullSecrets: args.imagePullSecrets,
                    rolloutTimeoutSeconds: args.rolloutTimeoutSeconds,
                },
                { parent: this },
            );
            // Auto-named: a Job is immutable, so a new bucket name replaces it create-before-delete.
            new k8s.batch.v1.Job(
                `${name}-make-bucket`,
                {
                    metadata: { namespace: args.namespace, labels: objectLabels(args.instance, componentLabels.makeBucket) },
                    spec: {
                        backoffLimit: 10,
                        template: {
                            metadata: { labels: objectLabels(args.instance, componentLabels.makeBucket) },
                            spec: {
                                restartPolicy: "OnFailure",
                                automountServiceAccountToken: false,
                                securityContext: restrictedPod(helperUser),
                                imagePullSecrets: pullSecretRefs(args),
                                containers: [
                                    {
                                        name: "make-bucket",
                                        image: args.minioClientImage,
                                        command: ["sh", "-c"],
                                        args: [
                                            `mc alias set target http://${minioService}:9000 "$S3_ACCESS_KEY" "$S3_SECRET_KEY" && ` +
                                                `mc mb --ignore-existing "target/${s3.bucket}"`,
                                        ],
                                        env: [
                                            ...credentialEnvVars([
                                                { name: "S3_ACCESS_KEY", secret: this.connection.accessKey },
                                                { name: "S3_SECRET_KEY", secret: this.connection.secretKey },
                                            ]),
                                            // mc keeps its aliases here; the root filesystem stays read-only.
                                            { name: "MC_CONFIG_DIR", value: "/tmp/mc" },
                                        ],
                                        resources: containerResources(args.helperResources),
                                        securityContext: restrictedContainer({ readOnlyRootFilesystem: true }),
                                        volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                                    },
                                ],
                                volumes: [{ name: "tmp", emptyDir: { sizeLimit: "16Mi" } }],
                            },
                        },
                    },
                },
                { parent: this, dependsOn: [server] },
            );
            this.endpoint = server.endpoint;
        }
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

import * as pulumi from "@pulumi/pulumi";
import { PodPort } from "../network/networkTopology";
import { helperContainerResources } from "../config/defaults";
import { BackingServiceConfig, DataProtection, S3Config } from "../config/types";
import { componentLabels } from "../kube/labels";
import { RolloutWait } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";
import { CredentialsSecret } from "./credentialsSecret";
import { minioMakeBucketJob } from "./minioMakeBucketJob";
import { minioServer } from "./minioServer";
import { SecretRef } from "./serviceConnection";

/** The bucket's keys, as Secret keys. */
export interface S3Keys {
    accessKey: SecretRef;
    secretKey: SecretRef;
}

/** How Milvus reaches its bucket. */
export interface S3Connection extends S3Keys {
    address: string;
    port: number;
    bucket: string;
    useSsl: boolean;
}

/** Arguments of {@link ObjectStorage}. */
export interface ObjectStorageArgs extends WorkloadContext, RolloutWait {
    /** Bucket, and the external endpoint with its keys; no endpoint means in-cluster MinIO. */
    s3: S3Config;
    /** The in-cluster MinIO's image, resources and storage. */
    minio: BackingServiceConfig;
    /** Image of the MinIO client that creates the bucket. */
    minioClientImage: string;
    /** Protect MinIO's keys, and MinIO where it keeps data (`persistence`); retain its claim on delete. */
    protection: DataProtection;
}

const minioService = "milvus-minio";
const minioPort = 9000;
const secretName = "milvus-s3-credentials";

/** What ObjectStorage exposes, however the bucket is reached. */
interface Bucket {
    connection: S3Connection;
    endpoint: pulumi.Output<string>;
    serverPods?: PodPort;
}

/** The `accessKey` and `secretKey` keys of a Secret. */
const keyRefs = (secret: pulumi.Input<string>): S3Keys => ({
    accessKey: { name: secret, key: "accessKey" },
    secretKey: { name: secret, key: "secretKey" },
});

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
    readonly serverPods?: PodPort;

    constructor(name: string, args: ObjectStorageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:backing:ObjectStorage", name, {}, opts);
        const bucket =
            args.s3.endpoint === undefined ? this.inClusterMinio(name, args) : this.externalEndpoint(name, args, args.s3.endpoint);
        this.connection = bucket.connection;
        this.endpoint = bucket.endpoint;
        this.serverPods = bucket.serverPods;
        this.registerOutputs({ endpoint: this.endpoint });
    }

    /** An external endpoint (`host[:port]`), its keys from an existing Secret or from config into `milvus-s3-credentials`. */
    private externalEndpoint(name: string, args: ObjectStorageArgs, endpoint: string): Bucket {
        const { s3 } = args;
        const [address, port] = endpoint.split(":");
        const secret =
            s3.existingSecret ?? this.credentials(name, args, { accessKey: s3.accessKey ?? "", secretKey: s3.secretKey ?? "" }).secretName;
        const connection = {
            address,
            port: port === undefined ? (s3.useSsl ? 443 : 80) : Number(port),
            bucket: s3.bucket,
            useSsl: s3.useSsl,
            ...keyRefs(secret),
        };
        return { connection, endpoint: pulumi.output(`${connection.address}:${connection.port}`) };
    }

    /** MinIO in the cluster, with generated keys, and the Job that creates the bucket once it serves. */
    private inClusterMinio(name: string, args: ObjectStorageArgs): Bucket {
        const credentials = this.credentials(name, args, { accessKey: "generate", secretKey: "generate" }, args.protection.protect);
        const connection = {
            address: minioService,
            port: minioPort,
            bucket: args.s3.bucket,
            useSsl: false,
            ...keyRefs(credentials.secretName),
        };
        const server = minioServer(this, `${name}-minio`, {
            ...args,
            serviceName: minioService,
            port: minioPort,
            keys: connection,
        });
        minioMakeBucketJob(this, `${name}-make-bucket`, {
            ...args,
            image: args.minioClientImage,
            resources: helperContainerResources,
            serverUrl: `http://${minioService}:${minioPort}`,
            bucket: args.s3.bucket,
            keys: connection,
            server,
        });
        return { connection, endpoint: server.endpoint, serverPods: { component: componentLabels.minio, port: minioPort } };
    }

    /** `milvus-s3-credentials`: the bucket's keys, given or generated (`protect`: on the generated ones and the Secret). */
    private credentials(name: string, args: ObjectStorageArgs, keys: Record<keyof S3Keys, string>, protect?: boolean): CredentialsSecret {
        return new CredentialsSecret(
            `${name}-credentials`,
            { namespace: args.namespace, instance: args.instance, component: "object-storage", secretName, keys, protect },
            { parent: this },
        );
    }
}

import { ConfigReader } from "./configReader";
import { readVolume } from "./tierSettings";
import { AccessMode, ClusterConfig, ClusterMode } from "./types";
import { dnsSubdomain, hostAndPort } from "./validators";

/** Where Milvus keeps its data: `storage` (local disk or S3) and the `volumes` the servers share. */

/** `storage.backend` and `storage.s3`; an external S3 endpoint needs its keys one way, not both. */
export function readStorage(reader: ConfigReader): ClusterConfig["storage"] {
    const backend = reader.oneOf("storage.backend", ["local", "s3"] as const, "local");
    const endpoint = reader.optionalString("storage.s3.endpoint", hostAndPort);
    const s3 = {
        bucket: reader.string("storage.s3.bucket", "milvus", dnsSubdomain),
        endpoint,
        useSsl: reader.boolean("storage.s3.useSsl", false),
        accessKey: reader.optionalString("storage.s3.accessKey"),
        secretKey: reader.optionalString("storage.s3.secretKey"),
        existingSecret: reader.optionalString("storage.s3.existingSecret", dnsSubdomain),
    };
    if (backend === "s3" && s3.endpoint !== undefined) {
        const keysGiven = s3.accessKey !== undefined && s3.secretKey !== undefined;
        if (keysGiven === (s3.existingSecret !== undefined)) {
            reader.fail(
                "storage.s3.existingSecret",
                "an external endpoint needs either storage.s3.accessKey and storage.s3.secretKey (secret), " +
                    "or storage.s3.existingSecret (a Secret with keys accessKey and secretKey), not both",
            );
        }
    }
    return { backend, s3 };
}

/** `volumes.logs` and `volumes.data`: shared by every server in cluster mode (ReadWriteMany), else ReadWriteOnce. */
export function readVolumes(reader: ConfigReader, mode: ClusterMode): ClusterConfig["volumes"] {
    const sharedAccess: AccessMode = mode === "cluster" ? "ReadWriteMany" : "ReadWriteOnce";
    return {
        logs: readVolume(reader, "volumes.logs", { size: "10Gi", accessMode: sharedAccess }),
        data: readVolume(reader, "volumes.data", { size: "50Gi", accessMode: sharedAccess }),
    };
}

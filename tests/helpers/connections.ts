import { S3Connection } from "../../components/backing/objectStorage";
import { ServiceConnection } from "../../components/backing/serviceConnection";

/** The in-cluster MySQL metastore as the servers reach it, password in its Secret. */
export const mysqlConnection: ServiceConnection = {
    host: "milvus-mysql",
    port: 3306,
    user: "milvus",
    database: "milvus",
    password: { name: "milvus-mysql-credentials", key: "password" },
};

/** An S3 bucket on the in-cluster MinIO, keys in their Secret. */
export const s3Connection = (bucket: string): S3Connection => ({
    address: "milvus-minio",
    port: 9000,
    bucket,
    useSsl: false,
    accessKey: { name: "milvus-s3-credentials", key: "accessKey" },
    secretKey: { name: "milvus-s3-credentials", key: "secretKey" },
});

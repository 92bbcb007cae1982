import { GpuConfig, MilvusTuning } from "../config/types";
import { S3Connection } from "../backing/objectStorage";
import { CredentialEnvVar } from "../kube/configRendering";
import { milvusMysqlUrl, milvusSqliteUrl } from "../render/connectionUrls";
import { renderMilvusLogConfig } from "../render/milvusLogConfig";
import { MilvusServerMode, renderMilvusServerConfig } from "../render/milvusServerConfig";
import { credentialEnv, placeholder } from "../render/placeholders";
import { ServiceConnection } from "../render/serviceConnection";

/** What a Milvus server's config files depend on. */
export interface MilvusServerFilesInput {
    mode: MilvusServerMode;
    tuning: MilvusTuning;
    gpu: GpuConfig;
    metricsEnabled: boolean;
    /** MySQL metastore; unset means SQLite (single mode). */
    metastore?: ServiceConnection;
    /** S3 storage; unset means local storage. */
    objectStorage?: S3Connection;
}

/** The ConfigMap data (`config.yml`, `log.conf`) and the credentials its placeholders need. */
export interface MilvusServerFiles {
    data: Record<string, string>;
    credentials: CredentialEnvVar[];
}

/** Renders a Milvus server's `config.yml` and `log.conf`, with credentials left as placeholders. */
export function milvusServerFiles(input: MilvusServerFilesInput): MilvusServerFiles {
    const credentials: CredentialEnvVar[] = [];
    let dbBackendUrl = milvusSqliteUrl;
    if (input.metastore !== undefined) {
        dbBackendUrl = milvusMysqlUrl(input.metastore, placeholder(credentialEnv.mysqlPassword));
        if (input.metastore.password !== undefined) {
            credentials.push({ name: credentialEnv.mysqlPassword, secret: input.metastore.password });
        }
    }
    const s3 = input.objectStorage;
    if (s3 !== undefined) {
        credentials.push(
            { name: credentialEnv.s3AccessKey, secret: s3.accessKey },
            { name: credentialEnv.s3SecretKey, secret: s3.secretKey },
        );
    }
    const config = renderMilvusServerConfig({
        mode: input.mode,
        tuning: input.tuning,
        dbBackendUrl,
        gpuCount: input.gpu.enabled ? input.gpu.perServer : 0,
        metricsEnabled: input.metricsEnabled,
        s3:
            s3 === undefined
                ? undefined
                : {
                      address: s3.useSsl ? `https://${s3.address}` : s3.address,
                      port: s3.port,
                      bucket: s3.bucket,
                      accessKey: placeholder(credentialEnv.s3AccessKey),
                      secretKey: placeholder(credentialEnv.s3SecretKey),
                  },
    });
    return { data: { "config.yml": config, "log.conf": renderMilvusLogConfig(input.tuning) }, credentials };
}

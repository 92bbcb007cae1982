import { CredentialEnvVar } from "../kube/configRendering";
import { releaseProfiles, ServerConfigSchema } from "../release/milvusReleases";
import { milvusMysqlUrl, milvusSqliteUrl } from "../render/connectionUrls";
import { renderMilvusLogConfig } from "../render/milvusLogConfig";
import { ServerConfigInput, ServerRole } from "../render/serverConfigInput";
import { renderServerConfigV04 } from "../render/serverConfigV04";
import { renderServerConfigV05 } from "../render/serverConfigV05";
import { credentialEnv, placeholder } from "../render/placeholders";
import { MilvusServerSpec } from "./milvusServerSpec";
import { pushgatewayAddress } from "./pushgatewaySidecar";

/** What a Milvus server's config files depend on: the cluster's server spec, and the role of the tier's servers. */
export interface MilvusServerFilesInput extends Pick<
    MilvusServerSpec,
    "release" | "tuning" | "gpu" | "metricsEnabled" | "metastore" | "objectStorage"
> {
    role: ServerRole;
}

/** The ConfigMap data (`config.yml`, and `log.conf` where the release has one) and the credentials it needs. */
export interface MilvusServerFiles {
    data: Record<string, string>;
    credentials: CredentialEnvVar[];
}

/** The seed's ConfigMap keys: the server config, and the 0.3/0.4 logging config. */
export const serverConfigKey = "config.yml";
export const logConfigKey = "log.conf";

/** Each config schema's renderer. */
const renderers: Record<ServerConfigSchema, (input: ServerConfigInput) => string> = {
    "v0.4": renderServerConfigV04,
    "v0.5": renderServerConfigV05,
};

/**
 * Renders a Milvus server's config files for its release, with credentials left as placeholders. The 0.3/0.4
 * line also gets its easylogging++ `log.conf`; 0.10 and 1.1 log through a section of the config file, so they
 * get no `log.conf` that nothing would read.
 */
export function milvusServerFiles(input: MilvusServerFilesInput): MilvusServerFiles {
    const profile = releaseProfiles[input.release];
    const credentials: CredentialEnvVar[] = [];
    let metaUri = milvusSqliteUrl;
    if (input.metastore !== undefined) {
        metaUri = milvusMysqlUrl(input.metastore, placeholder(credentialEnv.mysqlPassword));
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
    const config = renderers[profile.configSchema]({
        role: input.role,
        tuning: input.tuning,
        metaUri,
        gpuCount: input.gpu.enabled ? input.gpu.perServer : 0,
        metrics: input.metricsEnabled ? { address: pushgatewayAddress, port: input.tuning.metricsPort } : undefined,
        s3:
            s3 === undefined
                ? undefined
                : {
                      address: s3.address,
                      port: s3.port,
                      bucket: s3.bucket,
                      accessKey: placeholder(credentialEnv.s3AccessKey),
                      secretKey: placeholder(credentialEnv.s3SecretKey),
                  },
        stdoutLogging: profile.stdoutLogging,
    });
    const data: Record<string, string> = { [serverConfigKey]: config };
    if (profile.paths.logConfig !== undefined) {
        data[logConfigKey] = renderMilvusLogConfig(input.tuning);
    }
    return { data, credentials };
}

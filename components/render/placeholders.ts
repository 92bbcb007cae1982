/**
 * Credentials never enter a ConfigMap. Config text carries `$(VAR)` in their place: Kubernetes' own syntax for
 * dependent environment variables, so the kubelet expands it in env values, and the config-renderer init
 * container expands it in files, both from env vars filled by `secretKeyRef`.
 */
export const placeholder = (envVar: string): string => `$(${envVar})`;

/** Names of the env vars that carry credentials into pods. */
export const credentialEnv = {
    mysqlPassword: "MYSQL_PASSWORD",
    // Not REDIS_PASSWORD: that is the Celery apps' own setting, which is built from this one.
    redisPassword: "REDIS_AUTH_PASSWORD",
    brokerPassword: "BROKER_PASSWORD",
    resultBackendPassword: "RESULT_BACKEND_PASSWORD",
    s3AccessKey: "S3_ACCESS_KEY",
    s3SecretKey: "S3_SECRET_KEY",
} as const;

export type CredentialEnvName = (typeof credentialEnv)[keyof typeof credentialEnv];

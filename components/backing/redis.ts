import * as pulumi from "@pulumi/pulumi";
import { BackingServiceConfig } from "../config/types";
import { SecretRef, ServiceConnection } from "../render/serviceConnection";
import { CredentialsSecret } from "./credentialsSecret";
import { ExternalService } from "./externalService";
import { StatefulServer } from "./statefulServer";

/** Arguments of {@link Redis}. */
export interface RedisArgs {
    namespace: pulumi.Input<string>;
    instance: string;
    /** Image, resources, persistence, or the external server to use instead. */
    config: BackingServiceConfig;
    imagePullSecrets: string[];
    rolloutTimeoutSeconds: number;
}

const serviceName = "milvus-redis";
const port = { name: "redis", number: 6379 };

/**
 * Redis (Service `milvus-redis`): the Milvus cache, the Celery broker and result backend the seed recommends.
 * In-cluster it requires a generated password; with `persistence` it keeps an append-only file on a claim.
 */
export class Redis extends pulumi.ComponentResource {
    /** How clients reach it; `database` is left to each client (see `redisDatabases`). */
    readonly connection: ServiceConnection;
    readonly endpoint: pulumi.Output<string>;

    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:backing:Redis", name, {}, opts);
        const { config } = args;
        const secretName = `${serviceName}-credentials`;
        const common = { namespace: args.namespace, instance: args.instance, component: "redis" };
        let password: SecretRef | undefined;
        let clientPort = port.number;

        if (config.external !== undefined) {
            const external = config.external;
            clientPort = external.port;
            if (external.existingSecret !== undefined) {
                password = external.existingSecret;
            } else if (external.password !== undefined) {
                const keys = { password: external.password };
                const credentials = new CredentialsSecret(`${name}-credentials`, { ...common, secretName, keys }, { parent: this });
                password = { name: credentials.secretName, key: "password" };
            }
            this.endpoint = new ExternalService(
                `${name}-external`,
                { ...common, serviceName, host: external.host, port: clientPort, portName: port.name },
                { parent: this },
            ).endpoint;
        } else {
            const credentials = new CredentialsSecret(
                `${name}-credentials`,
                { ...common, secretName, keys: { password: "generate" } },
                { parent: this },
            );
            password = { name: credentials.secretName, key: "password" };
            this.endpoint = new StatefulServer(
                `${name}-server`,
                {
                    ...common,
                    serviceName,
                    image: config.image,
                    args: ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", config.persistence ? "yes" : "no"],
                    env: [{ name: "REDIS_PASSWORD", valueFrom: { secretKeyRef: password } }],
                    port,
                    dataPath: "/data",
                    persistence: config.persistence,
                    storage: config.storage,
                    resources: config.resources,
                    imagePullSecrets: args.imagePullSecrets,
                    rolloutTimeoutSeconds: args.rolloutTimeoutSeconds,
                },
                { parent: this },
            ).endpoint;
        }

        this.connection = { host: serviceName, port: clientPort, user: "", database: "0", password };
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

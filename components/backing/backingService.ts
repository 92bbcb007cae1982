import * as pulumi from "@pulumi/pulumi";
import { PodPort } from "../network/networkTopology";
import { BackingServiceConfig, DatabaseServiceConfig, DataProtection } from "../config/types";
import { SecretRef, ServiceConnection } from "./serviceConnection";
import { BackingServiceFlavor, mongodbFlavor, mysqlFlavor, postgresqlFlavor, rabbitmqFlavor, redisFlavor } from "./backingServiceFlavors";
import { CredentialsSecret } from "./credentialsSecret";
import { ExternalService } from "./externalService";
import { StatefulServer } from "./statefulServer";
import { RolloutWait } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";

/**
 * Arguments of a backing service with a login and a database (MySQL, PostgreSQL, MongoDB, RabbitMQ): the
 * cluster's namespace, instance and pull Secrets, and how long `pulumi up` waits for the in-cluster server to roll
 * (unused when the server is external).
 */
export interface DatabaseServiceArgs extends WorkloadContext, RolloutWait {
    /** Image, resources, storage, login, database, or the external server to use instead. */
    config: DatabaseServiceConfig;
    /**
     * `protect`: the generated password and its Secret always, the server where it keeps data (`persistence`);
     * `retainOnDelete`: its claim outlives the StatefulSet.
     */
    protection: DataProtection;
}

/** Arguments of {@link Redis}: no login or database to choose. */
export interface RedisArgs extends Omit<DatabaseServiceArgs, "config"> {
    config: BackingServiceConfig;
}

/**
 * A backing service, in the cluster (a StatefulSet with a generated password) or external (a Service of the
 * same name pointing at the existing server). Either way clients use {@link connection}. Each kind is its own
 * component type below; they differ only in their {@link BackingServiceFlavor}.
 */
export abstract class BackingService extends pulumi.ComponentResource {
    /** How clients reach it: host is always the in-namespace Service name. */
    readonly connection: ServiceConnection;
    /** `host:port` inside the namespace. */
    readonly endpoint: pulumi.Output<string>;
    /** The in-cluster server's pod component label and port (for NetworkPolicies); unset when external. */
    readonly serverPods?: PodPort;

    protected constructor(flavor: BackingServiceFlavor, name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(flavor.typeToken, name, {}, opts);
        const { config } = args;
        const secretName = `${flavor.serviceName}-credentials`;
        const common = { namespace: args.namespace, instance: args.instance, component: flavor.component };
        const storedSecret = (keys: Record<string, pulumi.Input<string> | "generate">): pulumi.Output<string> =>
            new CredentialsSecret(
                `${name}-credentials`,
                { ...common, secretName, keys, protect: args.protection.protect },
                { parent: this },
            ).secretName;
        let password: SecretRef | undefined;
        let port = flavor.port.number;

        if (config.external !== undefined) {
            const external = config.external;
            port = external.port;
            if (external.existingSecret !== undefined) {
                password = external.existingSecret;
            } else if (external.password !== undefined || !flavor.passwordOptional) {
                password = { name: storedSecret({ password: external.password ?? "" }), key: "password" };
            }
            this.endpoint = new ExternalService(
                `${name}-external`,
                { ...common, serviceName: flavor.serviceName, host: external.host, port, portName: flavor.port.name },
                { parent: this },
            ).endpoint;
        } else {
            this.serverPods = { component: flavor.component, port: flavor.port.number };
            const keys = Object.fromEntries(["password", ...flavor.generatedKeys].map((k) => [k, "generate" as const]));
            const secret = storedSecret(keys);
            password = { name: secret, key: "password" };
            this.endpoint = new StatefulServer(
                `${name}-server`,
                {
                    ...common,
                    serviceName: flavor.serviceName,
                    image: config.image,
                    args: flavor.serverArgs?.({ persistence: config.persistence }),
                    env: flavor.serverEnv({ user: config.user, database: config.database, secretName: secret }),
                    port: flavor.port,
                    dataPath: flavor.dataPath,
                    persistence: config.persistence,
                    storage: config.storage,
                    resources: config.resources,
                    runAsUser: flavor.runAsUser,
                    writableRootReason: flavor.writableRootReason,
                    priorityClassName: config.priorityClassName,
                    protection: { ...args.protection, protect: args.protection.protect && config.persistence },
                    imagePullSecrets: args.imagePullSecrets,
                    rolloutTimeoutSeconds: args.rolloutTimeoutSeconds,
                },
                { parent: this },
            ).endpoint;
        }

        this.connection = { host: flavor.serviceName, port, user: config.user, database: config.database, password };
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

/** MySQL: the Milvus metastore (Service `milvus-mysql`), and optionally the Celery broker/result backend. */
export class MySql extends BackingService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(mysqlFlavor, name, args, opts);
    }
}

/**
 * Redis (Service `milvus-redis`): the Milvus cache and the Celery broker and result backend the seed
 * recommends. In-cluster it requires a generated password; with `persistence` it keeps an append-only file.
 * Clients pick their logical database (see `redisDatabases`).
 */
export class Redis extends BackingService {
    constructor(name: string, args: RedisArgs, opts?: pulumi.ComponentResourceOptions) {
        super(redisFlavor, name, { ...args, config: { ...args.config, user: "", database: "0" } }, opts);
    }
}

/** PostgreSQL as the Celery broker or result backend (Service `milvus-postgresql`). */
export class PostgreSql extends BackingService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(postgresqlFlavor, name, args, opts);
    }
}

/** MongoDB as the Celery broker or result backend (Service `milvus-mongodb`). */
export class MongoDb extends BackingService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(mongodbFlavor, name, args, opts);
    }
}

/** RabbitMQ as the Celery broker (Service `milvus-rabbitmq`; `database` is its vhost). */
export class RabbitMq extends BackingService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(rabbitmqFlavor, name, args, opts);
    }
}

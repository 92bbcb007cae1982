import * as pulumi from "@pulumi/pulumi";
import { DatabaseServiceConfig } from "../config/types";
import { SecretRef, ServiceConnection } from "../render/serviceConnection";
import { CredentialsSecret } from "./credentialsSecret";
import { DatabaseFlavor, mongodbFlavor, mysqlFlavor, postgresqlFlavor, rabbitmqFlavor } from "./databaseFlavors";
import { ExternalService } from "./externalService";
import { StatefulServer } from "./statefulServer";

/** Arguments of a database-like backing service (MySQL, PostgreSQL, MongoDB, RabbitMQ). */
export interface DatabaseServiceArgs {
    namespace: pulumi.Input<string>;
    /** `app.kubernetes.io/instance` label. */
    instance: string;
    /** Image, resources, storage, login, database, or the external server to use instead. */
    config: DatabaseServiceConfig;
    imagePullSecrets: string[];
    rolloutTimeoutSeconds: number;
}

/**
 * A database-like backing service, in the cluster (a StatefulSet with a generated password) or external (a
 * Service of the same name pointing at it). Either way clients use {@link connection}.
 */
export class DatabaseService extends pulumi.ComponentResource {
    /** How clients reach it: host is always the in-namespace Service name. */
    readonly connection: ServiceConnection;
    /** `host:port` inside the namespace. */
    readonly endpoint: pulumi.Output<string>;

    protected constructor(
        flavor: DatabaseFlavor,
        name: string,
        args: DatabaseServiceArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(flavor.typeToken, name, {}, opts);
        const { config } = args;
        const secretName = `${flavor.serviceName}-credentials`;
        const common = { namespace: args.namespace, instance: args.instance, component: flavor.component };
        let password: SecretRef;
        let port = flavor.port.number;

        if (config.external !== undefined) {
            const external = config.external;
            port = external.port;
            password = external.existingSecret ?? {
                name: new CredentialsSecret(
                    `${name}-credentials`,
                    { ...common, secretName, keys: { password: external.password ?? "" } },
                    { parent: this },
                ).secretName,
                key: "password",
            };
            this.endpoint = new ExternalService(
                `${name}-external`,
                { ...common, serviceName: flavor.serviceName, host: external.host, port, portName: flavor.port.name },
                { parent: this },
            ).endpoint;
        } else {
            const keys = Object.fromEntries(["password", ...flavor.generatedKeys].map((k) => [k, "generate" as const]));
            const credentials = new CredentialsSecret(`${name}-credentials`, { ...common, secretName, keys }, { parent: this });
            password = { name: credentials.secretName, key: "password" };
            this.endpoint = new StatefulServer(
                `${name}-server`,
                {
                    ...common,
                    serviceName: flavor.serviceName,
                    image: config.image,
                    env: flavor.serverEnv({ user: config.user, database: config.database, secretName: credentials.secretName }),
                    port: flavor.port,
                    dataPath: flavor.dataPath,
                    persistence: config.persistence,
                    storage: config.storage,
                    resources: config.resources,
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
export class MySql extends DatabaseService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(mysqlFlavor, name, args, opts);
    }
}

/** PostgreSQL as the Celery broker or result backend (Service `milvus-postgresql`). */
export class PostgreSql extends DatabaseService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(postgresqlFlavor, name, args, opts);
    }
}

/** MongoDB as the Celery broker or result backend (Service `milvus-mongodb`). */
export class MongoDb extends DatabaseService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(mongodbFlavor, name, args, opts);
    }
}

/** RabbitMQ as the Celery broker (Service `milvus-rabbitmq`). */
export class RabbitMq extends DatabaseService {
    constructor(name: string, args: DatabaseServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(rabbitmqFlavor, name, args, opts);
    }
}

import * as pulumi from "@pulumi/pulumi";

/**
 * A key of a Kubernetes Secret. The name is an input so that, when the Secret is made by this program, every
 * pod that reads it depends on it and is created after it.
 */
export interface SecretRef {
    name: pulumi.Input<string>;
    key: string;
}

/**
 * How a client reaches a backing service: everything but the password is plain text, known before deploy;
 * the password stays in a Kubernetes Secret and is referenced.
 */
export interface ServiceConnection {
    /** In-namespace Service name (the seed's `milvus-mysql`, `milvus-redis`, ...). */
    host: string;
    port: number;
    /** Login; empty for Redis. */
    user: string;
    /** Database (MySQL/PostgreSQL/MongoDB), vhost (RabbitMQ) or database number (Redis). */
    database: string;
    /** Where the password is; unset when the server needs none. */
    password?: SecretRef;
}

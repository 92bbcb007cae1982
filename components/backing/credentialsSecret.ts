import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { objectLabels } from "../kube/labels";
import { ObjectContext } from "../kube/workloadContext";

/** Arguments of {@link CredentialsSecret}. */
export interface CredentialsSecretArgs extends ObjectContext {
    /** Secret name. */
    secretName: string;
    /** `app.kubernetes.io/component` label: the service's whose credentials it holds. */
    component: string;
    /**
     * One entry per Secret key: a value to store (e.g. from secret stack config), or `"generate"` for a random
     * 32-character password of letters and digits (safe in every connection URL Milvus 0.x parses).
     */
    keys: Record<string, pulumi.Input<string> | "generate">;
    /**
     * Pulumi `protect` on the generated passwords and the Secret: a server initialised with a password keeps
     * it in its data, so losing the password loses the data.
     */
    protect?: boolean;
}

/**
 * A Kubernetes Secret of credentials. Generated values come from @pulumi/random, so they live in the stack's
 * state as secrets and stay stable across updates.
 */
export class CredentialsSecret extends pulumi.ComponentResource {
    /** The Secret's name (as an output, so that consumers wait for it). */
    readonly secretName: pulumi.Output<string>;

    constructor(name: string, args: CredentialsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:backing:CredentialsSecret", name, {}, opts);
        // Every stored value, as a Pulumi secret.
        const values: Record<string, pulumi.Output<string>> = {};
        for (const [key, value] of Object.entries(args.keys)) {
            values[key] =
                value === "generate"
                    ? new random.RandomPassword(`${name}-${key}`, { length: 32, special: false }, { parent: this, protect: args.protect })
                          .result
                    : pulumi.secret(pulumi.output(value));
        }
        const secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            {
                metadata: {
                    name: args.secretName,
                    namespace: args.namespace,
                    labels: objectLabels(args.instance, args.component),
                },
                type: "Opaque",
                stringData: values,
            },
            { parent: this, protect: args.protect },
        );
        this.secretName = secret.metadata.name;
        this.registerOutputs({ secretName: this.secretName });
    }
}

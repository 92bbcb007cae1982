import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { objectLabels, selectorLabels } from "../kube/labels";
import { metricsServiceLabels } from "./metricsServiceMonitor";
import { milvusServerConfigMap } from "./milvusServerConfigMap";
import { MilvusServerTierArgs } from "./milvusServerTierArgs";

/** Arguments of {@link ReadNodes}. */
export interface ReadNodesArgs extends MilvusServerTierArgs {
    /** How many read-only servers the proxy shards queries over. */
    replicas: number;
}

/** Name of the StatefulSet and its headless Service: the seed's `milvus-ro-servers`. */
export const readNodesName = "milvus-ro-servers";

/**
 * The scalable Milvus read-only nodes: a StatefulSet (stable pod names, which the proxy's hash ring keys on)
 * behind a headless Service of the same name, with the seed's `milvus-roserver-configmap`.
 */
export class ReadNodes extends pulumi.ComponentResource {
    /** Name of the StatefulSet and headless Service. */
    readonly name: string;
    /** Labels that select exactly the read-only pods (the proxy discovers them by these). */
    readonly podSelector: Record<string, string>;
    readonly replicas: pulumi.Output<number>;

    constructor(name: string, args: ReadNodesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:milvus:ReadNodes", name, {}, opts);
        const configMapName = "milvus-roserver-configmap";
        const labels = objectLabels(args.instance, "ro-server");
        this.name = readNodesName;
        this.podSelector = selectorLabels(args.instance, "ro-server");

        const { configMap, podTemplate } = milvusServerConfigMap(this, `${name}-config`, {
            ...args,
            mode: "read_only",
            configMapName,
            labels,
        });

        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name: readNodesName, namespace: args.namespace, labels: { ...labels, ...metricsServiceLabels } },
                spec: {
                    clusterIP: "None",
                    selector: this.podSelector,
                    ports: [
                        { name: "milvus", port: args.tuning.port, targetPort: "milvus" },
                        { name: "metrics", port: args.tuning.metricsPort, targetPort: "metrics" },
                    ],
                },
            },
            { parent: this },
        );

        const statefulSet = new k8s.apps.v1.StatefulSet(
            `${name}-statefulset`,
            {
                metadata: { name: readNodesName, namespace: args.namespace, labels },
                spec: {
                    serviceName: readNodesName,
                    replicas: args.replicas,
                    podManagementPolicy: "Parallel",
                    updateStrategy: { type: "RollingUpdate" },
                    selector: { matchLabels: this.podSelector },
                    template: podTemplate,
                },
            },
            {
                parent: this,
                dependsOn: [configMap, service],
                customTimeouts: { create: `${args.rolloutTimeoutSeconds}s`, update: `${args.rolloutTimeoutSeconds}s` },
            },
        );
        this.replicas = statefulSet.spec.replicas;
        this.registerOutputs({ replicas: this.replicas });
    }
}

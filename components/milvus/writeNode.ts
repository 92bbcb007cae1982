import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentLabels, objectLabels, selectorLabels } from "../kube/labels";
import { metricsServiceLabels } from "./metricsServiceMonitor";
import { milvusServerConfigMap, serverServicePorts } from "./milvusServerConfigMap";
import { MilvusServerTierArgs } from "./milvusServerTierArgs";
import { rolloutTimeout } from "../kube/rolloutTimeout";

/** Arguments of {@link WriteNode}. */
export interface WriteNodeArgs extends MilvusServerTierArgs {
    /**
     * `cluster` (default): the cluster's write-only node, under the seed's names (`milvus-wo-servers`,
     * `milvus-woserver-configmap`). `single`: the one read-write server of single mode (`milvus-server`,
     * `milvus-server-configmap`).
     */
    serverMode?: "cluster" | "single";
}

/** Name of the write-only node's Deployment and Service in cluster mode: the seed's `milvus-wo-servers`. */
export const writeNodeName = "milvus-wo-servers";

/**
 * The Milvus write-only node: a one-replica Deployment and its Service. It updates with `Recreate`, so two
 * writers never run against the same data, not even for the length of a rollout.
 */
export class WriteNode extends pulumi.ComponentResource {
    /** Service name (`milvus-wo-servers`). */
    readonly serviceName: pulumi.Output<string>;
    /** `host:port` of its client port inside the namespace. */
    readonly endpoint: pulumi.Output<string>;
    /** Plain-text `host` for config files of other tiers. */
    readonly host: string;

    constructor(name: string, args: WriteNodeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:milvus:WriteNode", name, {}, opts);
        const single = args.serverMode === "single";
        const objectName = single ? "milvus-server" : writeNodeName;
        const configMapName = single ? "milvus-server-configmap" : "milvus-woserver-configmap";
        const component = single ? componentLabels.singleServer : componentLabels.writeNode;
        const labels = objectLabels(args.instance, component);
        const selector = selectorLabels(args.instance, component);
        this.host = objectName;

        const { configMap, podTemplate } = milvusServerConfigMap(this, `${name}-config`, {
            ...args,
            role: single ? "single" : "write",
            configMapName,
            labels,
        });

        new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: objectName, namespace: args.namespace, labels },
                spec: {
                    replicas: 1,
                    strategy: { type: "Recreate" },
                    selector: { matchLabels: selector },
                    template: podTemplate,
                },
            },
            {
                parent: this,
                dependsOn: [configMap],
                customTimeouts: rolloutTimeout(args.rolloutTimeoutSeconds),
            },
        );

        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name: objectName, namespace: args.namespace, labels: { ...labels, ...metricsServiceLabels } },
                spec: {
                    type: "ClusterIP",
                    selector,
                    ports: serverServicePorts(args),
                },
            },
            { parent: this },
        );
        this.serviceName = service.metadata.name;
        this.endpoint = pulumi.interpolate`${service.metadata.name}:${args.tuning.port}`;
        this.registerOutputs({ serviceName: this.serviceName, endpoint: this.endpoint });
    }
}

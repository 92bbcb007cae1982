import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterMode } from "../config/types";
import { componentLabels, tierLabels } from "../kube/labels";
import { RolloutWait, workloadOptions } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";
import { ServerRole } from "../render/serverConfigInput";
import { milvusServerConfigMap } from "./milvusServerConfigMap";
import { milvusServerPodTemplate } from "./milvusServerPod";
import { milvusServerService } from "./milvusServerService";
import { MilvusServerSpec, MilvusServerTierPods } from "./milvusServerSpec";

/** The roles of the one server that writes: the cluster's write-only node, or single mode's only server. */
export type WriterRole = Exclude<ServerRole, "read">;

/** The writer's role in a cluster of `mode`: the one place a cluster mode becomes a server role. */
export const writerRole = (mode: ClusterMode): WriterRole => (mode === "single" ? "single" : "write");

/** Name of the write-only node's Deployment and Service in cluster mode: the seed's `milvus-wo-servers`. */
export const writeNodeName = "milvus-wo-servers";

/** Each role's object names (the seed's) and component label. */
const writerObjects: Record<WriterRole, { name: string; configMapName: string; component: string }> = {
    write: { name: writeNodeName, configMapName: "milvus-woserver-configmap", component: componentLabels.writeNode },
    single: { name: "milvus-server", configMapName: "milvus-server-configmap", component: componentLabels.singleServer },
};

/** Arguments of {@link WriteNode}. */
export interface WriteNodeArgs extends WorkloadContext, RolloutWait {
    /**
     * `write`: the cluster's write-only node, under the seed's names (`milvus-wo-servers`,
     * `milvus-woserver-configmap`). `single`: the one read-write server of single mode (`milvus-server`,
     * `milvus-server-configmap`). See {@link writerRole}.
     */
    role: WriterRole;
    /** What every server of the cluster shares. */
    server: MilvusServerSpec;
    /** `writeNode.*`: resources, priority class and pod annotations. */
    pods: MilvusServerTierPods;
}

/**
 * The Milvus server that writes: in cluster mode the write-only node, in single mode the only server (its
 * `role`). A one-replica Deployment and its Service; it updates with `Recreate`, so two writers never run
 * against the same data, not even for the length of a rollout.
 */
export class WriteNode extends pulumi.ComponentResource {
    /** `host:port` of its client port inside the namespace. */
    readonly endpoint: pulumi.Output<string>;
    /** Plain-text `host` for config files of other tiers. */
    readonly host: string;

    constructor(name: string, args: WriteNodeArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:milvus:WriteNode", name, {}, opts);
        const objects = writerObjects[args.role];
        const { labels, selector } = tierLabels(args.instance, objects.component);
        this.host = objects.name;

        const config = milvusServerConfigMap(this, `${name}-config`, {
            namespace: args.namespace,
            name: objects.configMapName,
            labels,
            role: args.role,
            server: args.server,
        });
        new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: objects.name, namespace: args.namespace, labels },
                spec: {
                    replicas: 1,
                    strategy: { type: "Recreate" },
                    selector: { matchLabels: selector },
                    template: milvusServerPodTemplate({
                        server: args.server,
                        pods: args.pods,
                        labels,
                        config,
                        imagePullSecrets: args.imagePullSecrets,
                    }),
                },
            },
            workloadOptions(this, args.rolloutTimeoutSeconds, { dependsOn: [config.configMap] }),
        );
        const service = milvusServerService(this, `${name}-service`, {
            namespace: args.namespace,
            name: objects.name,
            labels,
            selector,
            server: args.server,
            headless: false,
        });
        this.endpoint = pulumi.interpolate`${service.metadata.name}:${args.server.tuning.port}`;
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

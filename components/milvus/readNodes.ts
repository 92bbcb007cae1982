import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ReadNodesConfig, SchedulingConfig } from "../config/types";
import { disruptionBudget } from "../kube/disruptionBudget";
import { componentLabels, tierLabels } from "../kube/labels";
import { RolloutWait, workloadOptions } from "../kube/rolloutTimeout";
import { spreadEvenly } from "../kube/topologySpread";
import { WorkloadContext } from "../kube/workloadContext";
import { milvusServerConfigMap } from "./milvusServerConfigMap";
import { milvusServerPodTemplate, ServerPodSidecar } from "./milvusServerPod";
import { milvusServerService } from "./milvusServerService";
import { MilvusServerSpec } from "./milvusServerSpec";
import { readNodesName } from "../../policy/lib/sharedNames";

/** Arguments of {@link ReadNodes}. */
export interface ReadNodesArgs extends WorkloadContext, RolloutWait {
    /** What every server of the cluster shares. */
    server: MilvusServerSpec;
    /**
     * `readNodes.*`: how many read-only servers the proxy shards queries over, their resources, priority class
     * and pod annotations, how many a node drain may take at once (`disruptionBudget`) and how many a roll
     * replaces at once (`maxUnavailable`, MaxUnavailableStatefulSet feature gate; unset: one).
     */
    tier: ReadNodesConfig;
    /** How far the pods spread over nodes (or zones). */
    scheduling: SchedulingConfig;
    /** A container beside each server (0.4: the Celery sidecar), and what it needs to exist first. */
    sidecar?: ServerPodSidecar & { dependsOn: pulumi.Resource[] };
}

/**
 * The scalable Milvus read-only nodes: a StatefulSet (stable pod names, which the proxy's hash ring keys on)
 * behind a headless Service of the same name, with the seed's `milvus-roserver-configmap`.
 */
export class ReadNodes extends pulumi.ComponentResource {
    /** Name of the StatefulSet and headless Service. */
    readonly name: string;
    /** Labels that select exactly the read-only pods (the proxy discovers them by these). */
    readonly podSelector: Record<string, string>;

    constructor(name: string, args: ReadNodesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:milvus:ReadNodes", name, {}, opts);
        const { tier } = args;
        const { labels, selector } = tierLabels(args.instance, componentLabels.readNodes);
        this.name = readNodesName;
        this.podSelector = selector;

        const config = milvusServerConfigMap(this, `${name}-config`, {
            namespace: args.namespace,
            name: "milvus-roserver-configmap",
            labels,
            role: "read",
            server: args.server,
        });
        const service = milvusServerService(this, `${name}-service`, {
            namespace: args.namespace,
            name: readNodesName,
            labels,
            selector: this.podSelector,
            server: args.server,
            headless: true,
        });
        new k8s.apps.v1.StatefulSet(
            `${name}-statefulset`,
            {
                metadata: { name: readNodesName, namespace: args.namespace, labels },
                spec: {
                    serviceName: readNodesName,
                    replicas: tier.replicas,
                    podManagementPolicy: "Parallel",
                    // One pod at a time (or `maxUnavailable`), the next only once the last is Ready (and stayed
                    // so for 10 s).
                    updateStrategy: {
                        type: "RollingUpdate",
                        rollingUpdate: {
                            partition: 0,
                            ...(tier.maxUnavailable === undefined ? {} : { maxUnavailable: tier.maxUnavailable }),
                        },
                    },
                    minReadySeconds: 10,
                    selector: { matchLabels: this.podSelector },
                    template: milvusServerPodTemplate({
                        server: args.server,
                        pods: tier,
                        labels,
                        config,
                        imagePullSecrets: args.imagePullSecrets,
                        topologySpreadConstraints: spreadEvenly(args.scheduling, this.podSelector),
                        sidecar: args.sidecar,
                    }),
                },
            },
            workloadOptions(this, args.rolloutTimeoutSeconds, {
                dependsOn: [config.configMap, service, ...(args.sidecar?.dependsOn ?? [])],
            }),
        );
        disruptionBudget(this, `${name}-disruption-budget`, {
            name: readNodesName,
            namespace: args.namespace,
            labels,
            podSelector: this.podSelector,
            maxUnavailable: tier.disruptionBudget.maxUnavailable,
        });
        this.registerOutputs({});
    }
}

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DisruptionBudgetConfig, SchedulingConfig } from "../config/types";
import { disruptionBudget } from "../kube/disruptionBudget";
import { componentLabels, objectLabels, selectorLabels } from "../kube/labels";
import { rolloutTimeout } from "../kube/rolloutTimeout";
import { spreadEvenly } from "../kube/topologySpread";
import { metricsServiceLabels } from "./metricsServiceMonitor";
import { milvusServerConfigMap, serverServicePorts } from "./milvusServerConfigMap";
import { MilvusServerTierArgs } from "./milvusServerTierArgs";
import { ServerPodSidecar } from "./milvusServerPod";
import { readNodesName } from "../../policy/lib/sharedNames";

/** Arguments of {@link ReadNodes}. */
export interface ReadNodesArgs extends MilvusServerTierArgs {
    /** How many read-only servers the proxy shards queries over. */
    replicas: number;
    /** How far the pods spread over nodes (or zones). */
    scheduling: SchedulingConfig;
    /** How many of them a node drain may take at once. */
    disruptionBudget: DisruptionBudgetConfig;
    /** How many a roll replaces at once (MaxUnavailableStatefulSet feature gate); unset: one. */
    maxUnavailable?: number;
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
    readonly replicas: pulumi.Output<number>;

    constructor(name: string, args: ReadNodesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:milvus:ReadNodes", name, {}, opts);
        const configMapName = "milvus-roserver-configmap";
        const labels = objectLabels(args.instance, componentLabels.readNodes);
        this.name = readNodesName;
        this.podSelector = selectorLabels(args.instance, componentLabels.readNodes);

        const { configMap, podTemplate } = milvusServerConfigMap(this, `${name}-config`, {
            ...args,
            role: "read",
            configMapName,
            labels,
            topologySpreadConstraints: spreadEvenly(args.scheduling, this.podSelector),
        });

        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name: readNodesName, namespace: args.namespace, labels: { ...labels, ...metricsServiceLabels } },
                spec: {
                    clusterIP: "None",
                    selector: this.podSelector,
                    ports: serverServicePorts(args),
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
                    // One pod at a time (or `maxUnavailable`), the next only once the last is Ready (and stayed
                    // so for 10 s).
                    updateStrategy: {
                        type: "RollingUpdate",
                        rollingUpdate: { partition: 0, ...(args.maxUnavailable === undefined ? {} : { maxUnavailable: args.maxUnavailable }) },
                    },
                    minReadySeconds: 10,
                    selector: { matchLabels: this.podSelector },
                    template: podTemplate,
                },
            },
            {
                parent: this,
                dependsOn: [configMap, service, ...(args.sidecar?.dependsOn ?? [])],
                customTimeouts: rolloutTimeout(args.rolloutTimeoutSeconds),
            },
        );
        disruptionBudget(this, `${name}-disruption-budget`, {
            name: readNodesName,
            namespace: args.namespace,
            labels,
            podSelector: this.podSelector,
            maxUnavailable: args.disruptionBudget.maxUnavailable,
        });
        this.replicas = statefulSet.spec.replicas;
        this.registerOutputs({ replicas: this.replicas });
    }
}

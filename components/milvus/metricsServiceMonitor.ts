import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { objectLabels } from "../kube/labels";
import { ObjectContext } from "../kube/workloadContext";

/** Label on the Services that expose a Milvus `metrics` port: what the ServiceMonitor selects. */
export const metricsServiceLabels: Record<string, string> = { "milvus-cluster/metrics": "true" };

/** Arguments of {@link MetricsServiceMonitor}. */
export interface MetricsServiceMonitorArgs extends ObjectContext {
    /** Extra labels your Prometheus selects ServiceMonitors by. */
    labels: Record<string, string>;
    /** e.g. "30s". */
    interval: string;
    /** Keep the labels the scraped metrics carry (a Pushgateway's job and instance) over the target's. */
    honorLabels: boolean;
}

/**
 * A prometheus-operator ServiceMonitor that scrapes the `metrics` port of the Milvus server Services: the
 * servers' own (0.3/0.4) or the Pushgateway beside each server (0.10/1.1). Needs the `monitoring.coreos.com/v1`
 * CRD, which is why it sits behind `metrics.serviceMonitor`.
 */
export class MetricsServiceMonitor extends pulumi.ComponentResource {
    constructor(name: string, args: MetricsServiceMonitorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:milvus:MetricsServiceMonitor", name, {}, opts);
        new k8s.apiextensions.CustomResource(
            `${name}-servicemonitor`,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "ServiceMonitor",
                metadata: {
                    name: "milvus-servers",
                    namespace: args.namespace,
                    labels: { ...objectLabels(args.instance, "metrics"), ...args.labels },
                },
                spec: {
                    selector: { matchLabels: metricsServiceLabels },
                    namespaceSelector: { matchNames: [args.namespace] },
                    endpoints: [{ port: "metrics", path: "/metrics", interval: args.interval, honorLabels: args.honorLabels }],
                },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

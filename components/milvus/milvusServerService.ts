import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { metricsServiceLabels } from "./metricsServiceMonitor";
import { MilvusServerSpec } from "./milvusServerSpec";

/** What a server tier's Service is built from. */
export interface MilvusServerServiceInput {
    /** Namespace of the tier. */
    namespace: pulumi.Input<string>;
    /** Object name: the workload's. */
    name: string;
    /** The tier's object labels (the metrics label is added). */
    labels: Record<string, string>;
    /** The tier's pod selector. */
    selector: Record<string, string>;
    /** Its client and metrics ports. */
    server: Pick<MilvusServerSpec, "tuning" | "metricsEnabled">;
    /** Headless (the read-only StatefulSet's pods by name), else one ClusterIP. */
    headless: boolean;
}

/**
 * Declares, as a child of `parent`, the Service of a Milvus server tier: the client port, and `metrics` (which
 * the ServiceMonitor selects the Service for) when metrics are on.
 */
export function milvusServerService(parent: pulumi.Resource, logicalName: string, input: MilvusServerServiceInput): k8s.core.v1.Service {
    const { tuning, metricsEnabled } = input.server;
    return new k8s.core.v1.Service(
        logicalName,
        {
            metadata: { name: input.name, namespace: input.namespace, labels: { ...input.labels, ...metricsServiceLabels } },
            spec: {
                ...(input.headless ? { clusterIP: "None" } : { type: "ClusterIP" }),
                selector: input.selector,
                ports: [
                    { name: "milvus", port: tuning.port, targetPort: "milvus" },
                    ...(metricsEnabled ? [{ name: "metrics", port: tuning.metricsPort, targetPort: "metrics" }] : []),
                ],
            },
        },
        { parent },
    );
}

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { configChecksum } from "../render/checksum";
import { ServerRole } from "../render/serverConfigInput";
import { milvusServerFiles } from "./milvusServerFiles";
import { milvusServerPodTemplate, ServerPodSidecar } from "./milvusServerPod";
import { MilvusServerTierArgs } from "./milvusServerTierArgs";

/** A Milvus server tier's ConfigMap and the pod template that reads it (rolled by its checksum). */
export interface MilvusServerConfigMap {
    configMap: k8s.core.v1.ConfigMap;
    podTemplate: k8s.types.input.core.v1.PodTemplateSpec;
}

/**
 * Declares, as a child of `parent`, the ConfigMap (`config.yml`, `log.conf`) of a Milvus server tier running
 * in `role`, and builds the pod template that renders and mounts it. Shared by the write-only node and the
 * read-only nodes, which differ only in role, names and workload kind.
 */
export function milvusServerConfigMap(
    parent: pulumi.ComponentResource,
    logicalName: string,
    args: MilvusServerTierArgs & {
        role: ServerRole;
        configMapName: string;
        labels: Record<string, string>;
        topologySpreadConstraints?: k8s.types.input.core.v1.TopologySpreadConstraint[];
        sidecar?: ServerPodSidecar;
    },
): MilvusServerConfigMap {
    const files = milvusServerFiles({
        release: args.release,
        role: args.role,
        tuning: args.tuning,
        gpu: args.gpu,
        metricsEnabled: args.metricsEnabled,
        metastore: args.metastore,
        objectStorage: args.objectStorage,
    });
    const configMap = new k8s.core.v1.ConfigMap(
        logicalName,
        { metadata: { name: args.configMapName, namespace: args.namespace, labels: args.labels }, data: files.data },
        { parent },
    );
    const podTemplate = milvusServerPodTemplate({
        ...args,
        configChecksum: configChecksum(files.data),
        credentials: files.credentials,
    });
    return { configMap, podTemplate };
}

/** The ports of a server tier's Service: the client port, and `metrics` when metrics are on. */
export const serverServicePorts = (
    args: Pick<MilvusServerTierArgs, "tuning" | "metricsEnabled">,
): k8s.types.input.core.v1.ServicePort[] => [
    { name: "milvus", port: args.tuning.port, targetPort: "milvus" },
    ...(args.metricsEnabled ? [{ name: "metrics", port: args.tuning.metricsPort, targetPort: "metrics" }] : []),
];

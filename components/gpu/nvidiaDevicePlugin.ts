import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { helperContainerResources } from "../config/defaults";
import { containerResources } from "../kube/containerResources";
import { gpuToleration } from "../kube/gpuScheduling";
import { componentLabels, tierLabels } from "../kube/labels";
import { policyExemptions, restrictedContainer } from "../kube/podSecurity";
import { restrictedPodTemplate } from "../kube/restrictedPodTemplate";
import { RolloutWait, workloadOptions } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";
import { policyNames } from "../../policy/lib/policyNames";

/** Arguments of {@link NvidiaDevicePlugin}. */
export interface NvidiaDevicePluginArgs extends WorkloadContext, RolloutWait {
    /** Namespace of the DaemonSet (NVIDIA's manifest uses kube-system), not necessarily the cluster's. */
    namespace: pulumi.Input<string>;
    /** Pinned `nvcr.io/nvidia/k8s-device-plugin` image. */
    image: string;
    /** Labels of the GPU nodes: the plugin runs there only. */
    nodeSelector: Record<string, string>;
    /** The extended resource it advertises; its taint is tolerated. */
    resourceName: string;
}

const pluginDir = "/var/lib/kubelet/device-plugins";

/** The DaemonSet's name, as in NVIDIA's manifest. */
export const devicePluginDaemonSetName = "nvidia-device-plugin-daemonset";

/**
 * NVIDIA's device plugin as a DaemonSet on the GPU nodes, so that pods can ask for `nvidia.com/gpu`. Follows
 * NVIDIA's static manifest (deployments/static/nvidia-device-plugin.yml): critical priority, no privilege
 * escalation, all capabilities dropped, the kubelet's device-plugin directory mounted, and (since v0.18) the
 * plugin exiting when it cannot load the GPUs, so a broken GPU node shows as a crashing pod rather than as a node
 * with no GPUs. One departure: with an empty `nodeSelector` the plugin also lands on nodes without GPUs, where
 * exiting would keep the DaemonSet from ever being Ready; there it sets `FAIL_ON_INIT_ERROR=false` and idles.
 */
export class NvidiaDevicePlugin extends pulumi.ComponentResource {
    constructor(name: string, args: NvidiaDevicePluginArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:gpu:NvidiaDevicePlugin", name, {}, opts);
        const { labels, selector } = tierLabels(args.instance, componentLabels.devicePlugin);
        const gpuNodesOnly = Object.keys(args.nodeSelector).length > 0;
        new k8s.apps.v1.DaemonSet(
            `${name}-daemonset`,
            {
                metadata: { name: devicePluginDaemonSetName, namespace: args.namespace, labels },
                spec: {
                    selector: { matchLabels: selector },
                    updateStrategy: { type: "RollingUpdate" },
                    template: restrictedPodTemplate({
                        imagePullSecrets: args.imagePullSecrets,
                        labels,
                        annotations: policyExemptions({
                            [policyNames.noHostPaths]:
                                "a device plugin registers with the kubelet through its socket directory on the host",
                            [policyNames.podsHaveProbes]: "the plugin serves no port; the kubelet re-registers it and a crash restarts it",
                            [policyNames.runsAsNonRoot]: "it writes its socket into the kubelet's root-owned device-plugins directory",
                            [policyNames.backingServicesIsolated]:
                                "it runs in a cluster namespace this stack does not own, and accepts no connections",
                        }),
                        spec: {
                            priorityClassName: "system-node-critical",
                            nodeSelector: gpuNodesOnly ? args.nodeSelector : undefined,
                            tolerations: [gpuToleration(args.resourceName)],
                            containers: [
                                {
                                    name: "nvidia-device-plugin-ctr",
                                    image: args.image,
                                    env: gpuNodesOnly ? [] : [{ name: "FAIL_ON_INIT_ERROR", value: "false" }],
                                    // As NVIDIA's manifest (no escalation, no capabilities), plus a read-only root.
                                    securityContext: restrictedContainer({ readOnlyRootFilesystem: true }),
                                    resources: containerResources(helperContainerResources),
                                    volumeMounts: [{ name: "device-plugin", mountPath: pluginDir }],
                                },
                            ],
                            volumes: [{ name: "device-plugin", hostPath: { path: pluginDir } }],
                        },
                    }),
                },
            },
            workloadOptions(this, args.rolloutTimeoutSeconds),
        );
        this.registerOutputs({});
    }
}

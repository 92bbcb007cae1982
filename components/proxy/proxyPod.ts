import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ImageSet, ProxyConfig, SchedulingConfig } from "../config/types";
import { containerResources } from "../kube/containerResources";
import { imageLimitExemptions, milvusImageRunsAsRoot, restrictedContainer } from "../kube/podSecurity";
import { RenderedConfigSource, renderedConfigPodTemplate } from "../kube/renderedConfigWorkload";
import { spreadEvenly } from "../kube/topologySpread";
import { WorkloadContext } from "../kube/workloadContext";
import { MilvusRelease, releaseProfiles } from "../release/milvusReleases";
import { ProxyFlavor, proxyConfigKey, proxyLogPath } from "./proxyFlavor";

/** What a proxy pod is built from. */
export interface ProxyPodInput extends Pick<WorkloadContext, "imagePullSecrets"> {
    /** The Milvus line: where its proxy reads its `.env`. */
    release: MilvusRelease;
    /** `proxy.*`: resources, priority class, pod annotations. */
    proxy: ProxyConfig;
    images: Pick<ImageSet, "proxy" | "configRenderer">;
    /** Client port. */
    port: number;
    /** Claim of `milvus-log-disk`. */
    logClaimName: string;
    /** How the proxies spread over nodes. */
    scheduling: SchedulingConfig;
    /** Non-root UID for the proxy image; unset: the image's user. */
    runAsUser?: number;
    /** Mishards or the Thrift proxy: command, writable root, API access. */
    flavor: ProxyFlavor;
    /** The proxy's ConfigMap: its `.env`. */
    config: RenderedConfigSource;
    /** The pods' labels. */
    labels: Record<string, string>;
    /** The pods' selector, which the topology spread counts. */
    selector: Record<string, string>;
    /** Set for Kubernetes discovery (proxyDiscoveryAccess.ts). */
    serviceAccountName?: pulumi.Input<string>;
}

/**
 * The pod template of the proxy: its `.env` rendered from the ConfigMap and mounted where the release's proxy
 * reads it, logs on `milvus-log-disk` under the pod's name, the client port probed over TCP, spread over nodes.
 */
export function proxyPodTemplate(input: ProxyPodInput): k8s.types.input.core.v1.PodTemplateSpec {
    const { flavor } = input;
    const tcpProbe = { tcpSocket: { port: "milvus" } };
    return renderedConfigPodTemplate({
        labels: input.labels,
        annotations: imageLimitExemptions({
            runsAsRoot: milvusImageRunsAsRoot(input.runAsUser),
            writableRoot: flavor.writableRoot,
        }),
        operatorAnnotations: input.proxy.podAnnotations,
        runAsUser: input.runAsUser,
        imagePullSecrets: input.imagePullSecrets,
        rendererImage: input.images.configRenderer,
        configs: { proxy: input.config },
        spec: (rendering) => ({
            serviceAccountName: input.serviceAccountName,
            // Only Kubernetes discovery talks to the API server.
            automountServiceAccountToken: flavor.kubernetesDiscovery,
            priorityClassName: input.proxy.priorityClassName,
            topologySpreadConstraints: spreadEvenly(input.scheduling, input.selector),
            containers: [
                {
                    name: "proxy",
                    image: input.images.proxy,
                    ...flavor.start,
                    // Credentials reach the file through the config renderer, never the env.
                    env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
                    ports: [{ name: "milvus", containerPort: input.port }],
                    resources: containerResources(input.proxy.resources),
                    securityContext: restrictedContainer({ readOnlyRootFilesystem: flavor.writableRoot === undefined }),
                    readinessProbe: { ...tcpProbe, initialDelaySeconds: 5, periodSeconds: 10 },
                    livenessProbe: { ...tcpProbe, initialDelaySeconds: 30, periodSeconds: 20 },
                    volumeMounts: [
                        rendering.mountFile(proxyConfigKey, releaseProfiles[input.release].proxy.envFile),
                        { name: "logs", mountPath: proxyLogPath, subPathExpr: "$(POD_NAME)" },
                        // Python's scratch space, so the root filesystem can stay read-only.
                        { name: "tmp", mountPath: "/tmp" },
                    ],
                },
            ],
            volumes: [
                { name: "logs", persistentVolumeClaim: { claimName: input.logClaimName } },
                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            ],
        }),
    });
}

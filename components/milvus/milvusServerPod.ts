import * as k8s from "@pulumi/kubernetes";
import { ContainerResources, GpuConfig, ImageSet, MilvusTuning } from "../config/types";
import { helperContainerResources } from "../config/defaults";
import { configRendering, CredentialEnvVar } from "../kube/configRendering";
import { containerResources } from "../kube/containerResources";
import { gpuPlacement } from "../kube/gpuScheduling";
import { podTemplateAnnotations } from "../kube/podTemplateAnnotations";
import { imageLimitExemptions, restrictedContainer, restrictedPod, zillizImageRunsAsRoot } from "../kube/podSecurity";

/** Where a Milvus server keeps data and logs. */
export interface MilvusVolumes {
    /** Claim of the shared data volume (local storage); unset: an emptyDir cache (S3 storage). */
    dataClaimName?: string;
    /** Claim of `milvus-log-disk`; each pod writes under a directory named after itself. */
    logClaimName: string;
}

/** What a Milvus server pod is built from. */
export interface MilvusServerPodInput {
    labels: Record<string, string>;
    configMapName: string;
    configChecksum: string;
    credentials: readonly CredentialEnvVar[];
    images: Pick<ImageSet, "milvus" | "configRenderer">;
    resources: ContainerResources;
    gpu: GpuConfig;
    tuning: MilvusTuning;
    metricsEnabled: boolean;
    volumes: MilvusVolumes;
    imagePullSecrets: string[];
    /** PriorityClass of the pods; unset: the cluster default. */
    priorityClassName?: string;
    /** Non-root UID for the server image (`security.appRunAsUser`); unset: the image's user. */
    runAsUser?: number;
    /** How replicated servers spread over nodes. */
    topologySpreadConstraints?: k8s.types.input.core.v1.TopologySpreadConstraint[];
    /** `<tier>.podAnnotations`. */
    podAnnotations?: Record<string, string>;
}

/** Pod annotations that let an annotation-driven Prometheus scrape the server. */
export const scrapeAnnotations = (port: number): Record<string, string> => ({
    "prometheus.io/scrape": "true",
    "prometheus.io/port": String(port),
    "prometheus.io/path": "/metrics",
});

/**
 * The pod template of a Milvus server (write-only, read-only or single): config files rendered from the
 * ConfigMap with credentials filled in, GPUs requested and GPU nodes chosen, data and log volumes mounted,
 * rolled by a checksum of the config.
 */
export function milvusServerPodTemplate(input: MilvusServerPodInput): k8s.types.input.core.v1.PodTemplateSpec {
    const { tuning } = input;
    const rendering = configRendering({
        configMapName: input.configMapName,
        image: input.images.configRenderer,
        credentials: input.credentials,
        resources: helperContainerResources,
    });
    const tcpProbe = { tcpSocket: { port: "milvus" } };
    return {
        metadata: {
            labels: input.labels,
            annotations: podTemplateAnnotations(input.podAnnotations, {
                "checksum/config": input.configChecksum,
                ...imageLimitExemptions({
                    writableRoot: "the Milvus engine image keeps its own files beside its binaries",
                    runsAsRoot: zillizImageRunsAsRoot(input.runAsUser),
                }),
                ...(input.metricsEnabled ? scrapeAnnotations(tuning.metricsPort) : {}),
            }),
        },
        spec: {
            ...gpuPlacement(input.gpu),
            priorityClassName: input.priorityClassName,
            topologySpreadConstraints: input.topologySpreadConstraints,
            // The servers never call the Kubernetes API.
            automountServiceAccountToken: false,
            securityContext: restrictedPod(input.runAsUser),
            // Give a server time to flush its insert buffer before it is killed.
            terminationGracePeriodSeconds: 60,
            imagePullSecrets: input.imagePullSecrets.map((name) => ({ name })),
            initContainers: [rendering.initContainer],
            containers: [
                {
                    name: "milvus",
                    image: input.images.milvus,
                    env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
                    ports: [
                        { name: "milvus", containerPort: tuning.port },
                        { name: "metrics", containerPort: tuning.metricsPort },
                    ],
                    resources: containerResources(
                        input.resources,
                        input.gpu.enabled ? { name: input.gpu.resourceName, count: input.gpu.perServer } : undefined,
                    ),
                    // The engine image's filesystem layout is its own (it may write beside its binaries).
                    securityContext: restrictedContainer({ readOnlyRootFilesystem: false }),
                    readinessProbe: { ...tcpProbe, initialDelaySeconds: 5, periodSeconds: 10 },
                    livenessProbe: { ...tcpProbe, initialDelaySeconds: 60, periodSeconds: 20, failureThreshold: 6 },
                    volumeMounts: [
                        rendering.mountFile("config.yml", tuning.serverConfigPath),
                        rendering.mountFile("log.conf", tuning.logConfigPath),
                        { name: "data", mountPath: tuning.dataPath },
                        { name: "logs", mountPath: tuning.logPath, subPathExpr: "$(POD_NAME)" },
                    ],
                },
            ],
            volumes: [
                ...rendering.volumes,
                input.volumes.dataClaimName === undefined
                    ? { name: "data", emptyDir: {} }
                    : { name: "data", persistentVolumeClaim: { claimName: input.volumes.dataClaimName } },
                { name: "logs", persistentVolumeClaim: { claimName: input.volumes.logClaimName } },
            ],
        },
    };
}

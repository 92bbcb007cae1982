import * as k8s from "@pulumi/kubernetes";
import { ContainerResources, GpuConfig, ImageSet, MilvusTuning } from "../config/types";
import { defaultResources, helperContainerResources } from "../config/defaults";
import { MilvusRelease, releaseProfiles } from "../release/milvusReleases";
import { ConfigRendering, configRendering, CredentialEnvVar } from "../kube/configRendering";
import { configChecksum } from "../render/checksum";
import { containerResources } from "../kube/containerResources";
import { gpuPlacement } from "../kube/gpuScheduling";
import { podTemplateAnnotations } from "../kube/podTemplateAnnotations";
import { imageLimitExemptions, restrictedContainer, restrictedPod, milvusImageRunsAsRoot } from "../kube/podSecurity";
import { logConfigKey, serverConfigKey } from "./milvusServerFiles";
import { pushgatewaySidecar } from "./pushgatewaySidecar";

/** Where a Milvus server keeps data and logs. */
export interface MilvusVolumes {
    /** Claim of the shared data volume (local storage); unset: an emptyDir cache (S3 storage). */
    dataClaimName?: string;
    /** Claim of `milvus-log-disk`; each pod writes under a directory named after itself. */
    logClaimName: string;
}

/**
 * A container beside the server that reads files of another ConfigMap (the 0.4 read-only servers' Celery
 * sidecar): that ConfigMap is rendered with the server's, and its checksum rolls the pods too.
 */
export interface ServerPodSidecar {
    configMapName: string;
    configChecksum: string;
    credentials: readonly CredentialEnvVar[];
    container(rendering: ConfigRendering): k8s.types.input.core.v1.Container;
    volumes: k8s.types.input.core.v1.Volume[];
}

/** What a Milvus server pod is built from. */
export interface MilvusServerPodInput {
    release: MilvusRelease;
    labels: Record<string, string>;
    configMapName: string;
    configChecksum: string;
    credentials: readonly CredentialEnvVar[];
    images: Pick<ImageSet, "milvus" | "configRenderer" | "pushgateway">;
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
    /** A container beside the server; unset: the server alone (with its Pushgateway where it pushes). */
    sidecar?: ServerPodSidecar;
}

/** Pod annotations that let an annotation-driven Prometheus scrape the server. */
export const scrapeAnnotations = (port: number): Record<string, string> => ({
    "prometheus.io/scrape": "true",
    "prometheus.io/port": String(port),
    "prometheus.io/path": "/metrics",
});

/**
 * The pod template of a Milvus server (write-only, read-only or single): config files rendered from the
 * ConfigMap with credentials filled in and mounted where the release's image reads them, GPUs requested and
 * GPU nodes chosen, data and log volumes mounted, rolled by a checksum of the config. Metrics are served on
 * the port named `metrics`: by the server itself (0.3/0.4) or by a Pushgateway beside it that the server
 * pushes to (0.10/1.1).
 */
export function milvusServerPodTemplate(input: MilvusServerPodInput): k8s.types.input.core.v1.PodTemplateSpec {
    const { tuning } = input;
    const profile = releaseProfiles[input.release];
    const pushed = profile.metrics === "push";
    const metricsPort = { name: "metrics", containerPort: tuning.metricsPort };
    const { sidecar } = input;
    const credentials = [...input.credentials];
    for (const credential of sidecar?.credentials ?? []) {
        if (!credentials.some((c) => c.name === credential.name)) {
            credentials.push(credential);
        }
    }
    const rendering = configRendering({
        configMapName: input.configMapName,
        alsoFrom: sidecar === undefined ? undefined : [sidecar.configMapName],
        image: input.images.configRenderer,
        credentials,
        resources: helperContainerResources,
    });
    const checksum =
        sidecar === undefined ? input.configChecksum : configChecksum({ server: input.configChecksum, sidecar: sidecar.configChecksum });
    const tcpProbe = { tcpSocket: { port: "milvus" } };
    return {
        metadata: {
            // Not part of any selector: a release change rolls the pods, and selectors never change.
            labels: { ...input.labels, "app.kubernetes.io/version": profile.serverVersion },
            annotations: podTemplateAnnotations(input.podAnnotations, {
                "checksum/config": checksum,
                ...imageLimitExemptions({
                    writableRoot: "the Milvus engine image keeps its own files beside its binaries",
                    runsAsRoot: milvusImageRunsAsRoot(input.runAsUser),
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
                    ports: [{ name: "milvus", containerPort: tuning.port }, ...(pushed ? [] : [metricsPort])],
                    resources: containerResources(
                        input.resources,
                        input.gpu.enabled ? { name: input.gpu.resourceName, count: input.gpu.perServer } : undefined,
                    ),
                    // The engine image's filesystem layout is its own (it may write beside its binaries).
                    securityContext: restrictedContainer({ readOnlyRootFilesystem: false }),
                    readinessProbe: { ...tcpProbe, initialDelaySeconds: 5, periodSeconds: 10 },
                    livenessProbe: { ...tcpProbe, initialDelaySeconds: 60, periodSeconds: 20, failureThreshold: 6 },
                    volumeMounts: [
                        rendering.mountFile(serverConfigKey, tuning.serverConfigPath),
                        ...(profile.paths.logConfig === undefined ? [] : [rendering.mountFile(logConfigKey, tuning.logConfigPath)]),
                        { name: "data", mountPath: tuning.dataPath },
                        { name: "logs", mountPath: tuning.logPath, subPathExpr: "$(POD_NAME)" },
                    ],
                },
                ...(pushed && input.metricsEnabled
                    ? [
                          pushgatewaySidecar({
                              image: input.images.pushgateway,
                              port: tuning.metricsPort,
                              resources: defaultResources.pushgateway,
                          }),
                      ]
                    : []),
                ...(sidecar === undefined ? [] : [sidecar.container(rendering)]),
            ],
            volumes: [
                ...rendering.volumes,
                ...(sidecar?.volumes ?? []),
                input.volumes.dataClaimName === undefined
                    ? { name: "data", emptyDir: {} }
                    : { name: "data", persistentVolumeClaim: { claimName: input.volumes.dataClaimName } },
                { name: "logs", persistentVolumeClaim: { claimName: input.volumes.logClaimName } },
            ],
        },
    };
}


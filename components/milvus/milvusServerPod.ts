import * as k8s from "@pulumi/kubernetes";
import { defaultResources } from "../config/defaults";
import { releaseProfiles } from "../release/milvusReleases";
import { ConfigRendering } from "../kube/configRendering";
import { containerResources } from "../kube/containerResources";
import { gpuPlacement } from "../kube/gpuScheduling";
import { imageLimitExemptions, restrictedContainer, milvusImageRunsAsRoot } from "../kube/podSecurity";
import { RenderedConfigSource, renderedConfigPodTemplate } from "../kube/renderedConfigWorkload";
import { WorkloadContext } from "../kube/workloadContext";
import { MilvusServerSpec, MilvusServerTierPods } from "./milvusServerSpec";
import { logConfigKey, serverConfigKey } from "./milvusServerFiles";
import { pushgatewaySidecar } from "./pushgatewaySidecar";

/**
 * A container beside the server that reads files of another ConfigMap (the 0.4 read-only servers' Celery
 * sidecar): that ConfigMap is rendered with the server's, and its checksum rolls the pods too.
 */
export interface ServerPodSidecar {
    /** The ConfigMap it reads, rendered beside the server's. */
    config: RenderedConfigSource;
    /** Its container, mounting its files from the pod's rendering. */
    container(rendering: ConfigRendering): k8s.types.input.core.v1.Container;
    /** Volumes of its own (scratch space). */
    volumes: k8s.types.input.core.v1.Volume[];
}

/** What a Milvus server pod is built from. */
export interface MilvusServerPodInput extends Pick<WorkloadContext, "imagePullSecrets"> {
    /** What every server of the cluster shares. */
    server: MilvusServerSpec;
    /** The tier's resources, priority class and pod annotations. */
    pods: MilvusServerTierPods;
    /** The tier's object labels (the release's version label is added). */
    labels: Record<string, string>;
    /** The tier's ConfigMap (milvusServerConfigMap.ts). */
    config: RenderedConfigSource;
    /** How replicated servers spread over nodes. */
    topologySpreadConstraints?: k8s.types.input.core.v1.TopologySpreadConstraint[];
    /** A container beside the server; unset: the server alone (with its Pushgateway where it pushes). */
    sidecar?: ServerPodSidecar;
}

/** Pod annotations that let an annotation-driven Prometheus scrape the server. */
const scrapeAnnotations = (port: number): Record<string, string> => ({
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
    const { server, pods, sidecar } = input;
    const { tuning } = server;
    const profile = releaseProfiles[server.release];
    const pushed = profile.metrics === "push";
    const metricsPort = { name: "metrics", containerPort: tuning.metricsPort };
    const tcpProbe = { tcpSocket: { port: "milvus" } };
    return renderedConfigPodTemplate({
        // Not part of any selector: a release change rolls the pods, and selectors never change.
        labels: { ...input.labels, "app.kubernetes.io/version": profile.serverVersion },
        annotations: {
            ...imageLimitExemptions({
                writableRoot: "the Milvus engine image keeps its own files beside its binaries",
                runsAsRoot: milvusImageRunsAsRoot(server.runAsUser),
            }),
            ...(server.metricsEnabled ? scrapeAnnotations(tuning.metricsPort) : {}),
        },
        operatorAnnotations: pods.podAnnotations,
        runAsUser: server.runAsUser,
        imagePullSecrets: input.imagePullSecrets,
        rendererImage: server.images.configRenderer,
        configs: sidecar === undefined ? { server: input.config } : { server: input.config, sidecar: sidecar.config },
        // The servers never call the Kubernetes API: they get no service-account token.
        spec: (rendering) => ({
            ...gpuPlacement(server.gpu),
            priorityClassName: pods.priorityClassName,
            topologySpreadConstraints: input.topologySpreadConstraints,
            // Give a server time to flush its insert buffer before it is killed.
            terminationGracePeriodSeconds: 60,
            containers: [
                {
                    name: "milvus",
                    image: server.images.milvus,
                    env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
                    ports: [{ name: "milvus", containerPort: tuning.port }, ...(pushed ? [] : [metricsPort])],
                    resources: containerResources(
                        pods.resources,
                        server.gpu.enabled ? { name: server.gpu.resourceName, count: server.gpu.perServer } : undefined,
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
                ...(pushed && server.metricsEnabled
                    ? [
                          pushgatewaySidecar({
                              image: server.images.pushgateway,
                              port: tuning.metricsPort,
                              resources: defaultResources.pushgateway,
                          }),
                      ]
                    : []),
                ...(sidecar === undefined ? [] : [sidecar.container(rendering)]),
            ],
            volumes: [
                ...(sidecar?.volumes ?? []),
                server.volumes.dataClaimName === undefined
                    ? { name: "data", emptyDir: {} }
                    : { name: "data", persistentVolumeClaim: { claimName: server.volumes.dataClaimName } },
                { name: "logs", persistentVolumeClaim: { claimName: server.volumes.logClaimName } },
            ],
        }),
    });
}

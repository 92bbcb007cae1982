import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerResources } from "../config/types";
import { ConfigRendering } from "../kube/configRendering";
import { containerResources } from "../kube/containerResources";
import { objectLabels, selectorLabels } from "../kube/labels";
import { ImageLimits, imageLimitExemptions, restrictedContainer } from "../kube/podSecurity";
import { RenderedConfigMap, renderedConfigPodTemplate, RenderedPodSpecBody } from "../kube/renderedConfigWorkload";
import { restrictedPodTemplate } from "../kube/restrictedPodTemplate";
import { RolloutWait, workloadOptions } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";
import { celeryEnvFile } from "./seedCeleryApps";

/** The ConfigMap key of the seed's Celery settings: the `.env` the apps read. */
export const celerySettingsKey = "milvus_celery_config.yml";

/** What one Deployment of the Celery tier (monitor, workers, Flower) is built from. */
export interface CeleryDeploymentInput extends RolloutWait {
    /** Namespace, instance and pull Secrets of the Celery tier. */
    context: WorkloadContext;
    /** Object name (`milvus-monitor`, ...). */
    name: string;
    /** `app.kubernetes.io/component` label. */
    component: string;
    /** `<tier>.resources`, `<tier>.priorityClassName` and `<tier>.podAnnotations`. */
    tier: { resources: ContainerResources; priorityClassName?: string; podAnnotations: Record<string, string> };
    /** Unset: an autoscaler sets it. */
    replicas?: number;
    /** Replace the pod rather than roll (the monitor, never two at once). */
    recreate: boolean;
    /** The image's non-root user, when known. */
    runAsUser?: number;
    /** What the image cannot do (run as non-root, with a read-only root), and why. */
    limits: ImageLimits;
    /** The container's environment; the apps get `ENV_PATH` and read the rest from /source/.env. */
    env: k8s.types.input.core.v1.EnvVar[];
    /** The Celery settings ConfigMap; the Deployment waits for it either way. */
    settings: RenderedConfigMap;
    /** Whether the container reads it, rendered, at /source/.env (Flower takes its broker from env). */
    readsSettings: boolean;
    /** The config-renderer image. */
    rendererImage: string;
    /** Name, image, command and probes; resources, security and mounts are set here. */
    container: k8s.types.input.core.v1.Container;
}

/** What every Deployment of the Celery tier shares: the workflow's context, settings ConfigMap and renderer image. */
export type CeleryTierShared = Pick<CeleryDeploymentInput, "context" | "runAsUser" | "settings" | "rendererImage">;

/**
 * Declares, as a child of `parent`, one Deployment of the Celery tier: its container with a writable /tmp and,
 * where it reads them, the Celery settings rendered at /source/.env (their checksum rolls it).
 */
export function celeryDeployment(parent: pulumi.Resource, logicalName: string, input: CeleryDeploymentInput): k8s.apps.v1.Deployment {
    const labels = objectLabels(input.context.instance, input.component);
    const podSpec = (rendering?: ConfigRendering): RenderedPodSpecBody => ({
        priorityClassName: input.tier.priorityClassName,
        containers: [
            {
                ...input.container,
                env: input.env,
                resources: containerResources(input.tier.resources),
                securityContext: restrictedContainer({ readOnlyRootFilesystem: input.limits.writableRoot === undefined }),
                volumeMounts: [
                    ...(rendering === undefined ? [] : [rendering.mountFile(celerySettingsKey, celeryEnvFile)]),
                    { name: "tmp", mountPath: "/tmp" },
                ],
            },
        ],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
    });
    const pod = {
        labels,
        annotations: imageLimitExemptions(input.limits),
        operatorAnnotations: input.tier.podAnnotations,
        runAsUser: input.runAsUser,
        imagePullSecrets: input.context.imagePullSecrets,
    };
    return new k8s.apps.v1.Deployment(
        logicalName,
        {
            metadata: { name: input.name, namespace: input.context.namespace, labels },
            spec: {
                replicas: input.replicas,
                // The monitor is never two at once; the others add a pod before they take one away.
                strategy: input.recreate
                    ? { type: "Recreate" }
                    : { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                selector: { matchLabels: selectorLabels(input.context.instance, input.component) },
                template: input.readsSettings
                    ? renderedConfigPodTemplate({
                          ...pod,
                          rendererImage: input.rendererImage,
                          configs: { settings: input.settings },
                          spec: podSpec,
                      })
                    : restrictedPodTemplate({ ...pod, spec: { ...podSpec(), initContainers: [] } }),
            },
        },
        workloadOptions(parent, input.rolloutTimeoutSeconds, { dependsOn: [input.settings.configMap] }),
    );
}

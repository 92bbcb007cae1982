import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerResources } from "../config/types";
import { ConfigRendering } from "../kube/configRendering";
import { ServerPodSidecar } from "../milvus/milvusServerPod";
import { celerySettingsKey } from "./celeryDeployment";
import { RenderedConfigMap } from "../kube/renderedConfigWorkload";
import { containerResources } from "../kube/containerResources";
import { restrictedContainer } from "../kube/podSecurity";
import { appsDir, celeryEnvFile, celeryEnvPath, sidecarApp, sidecarCommand, workerPingCommand } from "./seedCeleryApps";

/** The env var holding the pod's name (the StatefulSet's `milvus-ro-servers-N`). */
const podNameVar = "POD_NAME";

/** The sidecar container's name in every read-only pod. */
export const sidecarContainerName = "celery-sidecar";

/** What a read-only server's Celery sidecar is built from. */
export interface ServerSidecarInput {
    /** The celery-apps image. */
    image: string;
    /** The server's client port in the same pod. */
    serverPort: number;
    resources: ContainerResources;
}

/**
 * The `server_sidecar_worker` beside a read-only server (XuPeng-SH/celery_project cc1fef5): a Celery worker
 * named `celery@<pod>` that consumes the queue `<pod>`, registers `<pod>` in the servers set when ready
 * (signal_handlers.py:12-17) and searches its own server (`MILVUS_SERVER_HOST`/`_PORT`, tasks.py:22) on
 * 127.0.0.1. Its other settings come from the seed's Celery `.env`; the pod-specific ones are environment
 * variables, which win over the file.
 */
function serverSidecarContainer(input: ServerSidecarInput, rendering: ConfigRendering): k8s.types.input.core.v1.Container {
    const ping = workerPingCommand(sidecarApp, `celery@$${podNameVar}`);
    return {
        name: sidecarContainerName,
        image: input.image,
        workingDir: appsDir,
        command: sidecarCommand(podNameVar),
        env: [
            { name: podNameVar, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "ENV_PATH", value: celeryEnvPath },
            { name: "QUEUES", value: `$(${podNameVar})` },
            { name: "MILVUS_SERVER_HOST", value: "127.0.0.1" },
            { name: "MILVUS_SERVER_PORT", value: String(input.serverPort) },
        ],
        resources: containerResources(input.resources),
        // The celery-apps image's filesystem layout is its own (the pod's annotations say so).
        securityContext: restrictedContainer({ readOnlyRootFilesystem: false }),
        readinessProbe: { exec: { command: ping }, timeoutSeconds: 15, periodSeconds: 30, initialDelaySeconds: 10 },
        livenessProbe: { exec: { command: ping }, timeoutSeconds: 15, periodSeconds: 60, initialDelaySeconds: 60, failureThreshold: 5 },
        volumeMounts: [rendering.mountFile(celerySettingsKey, celeryEnvFile), { name: "celery-tmp", mountPath: "/tmp" }],
    };
}

/** The sidecar's scratch space: `LOG_PATH` (/tmp/celery) is created and written at import. */
const serverSidecarVolumes: k8s.types.input.core.v1.Volume[] = [{ name: "celery-tmp", emptyDir: { sizeLimit: "256Mi" } }];

/**
 * The Celery sidecar of every read-only server pod: its container, the Celery ConfigMap rendered beside the
 * server's (its checksum rolls the pods too) with the credentials that fill it, and that ConfigMap to exist first.
 */
export function serverSidecar(
    celerySettings: RenderedConfigMap,
    input: ServerSidecarInput,
): ServerPodSidecar & { dependsOn: pulumi.Resource[] } {
    return {
        config: celerySettings,
        container: (rendering) => serverSidecarContainer(input, rendering),
        volumes: serverSidecarVolumes,
        dependsOn: [celerySettings.configMap],
    };
}

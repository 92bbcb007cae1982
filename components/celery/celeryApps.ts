import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CeleryConfig } from "../config/types";
import { ServiceConnection } from "../backing/serviceConnection";
import { cpuAutoscaler } from "../kube/cpuAutoscaler";
import { componentLabels, objectLabels } from "../kube/labels";
import { ImageLimits, milvusImageRunsAsRoot } from "../kube/podSecurity";
import { celeryDeployment, CeleryTierShared } from "./celeryDeployment";
import { appsDir, celeryEnvPath } from "./seedCeleryApps";

/** What the monitor and the query workers, the two Deployments of the celery-apps image, are built from. */
export interface CeleryAppsInput {
    /** What every Deployment of the Celery tier shares. */
    shared: CeleryTierShared;
    /** Their commands, probes, resources and (the workers') scaling. */
    celery: Pick<CeleryConfig, "monitor" | "workers">;
    /** The celery-apps image. */
    image: string;
    /** The broker, which the monitor's default probe connects to. */
    broker: Pick<ServiceConnection, "host" | "port">;
    /** How long `pulumi up` waits for each one's roll. */
    rolloutTimeouts: { monitor: number; workers: number };
}

/** How long an exec probe of a Celery container may take, and how often it runs. */
const execProbe = (command: string[], liveness: boolean): k8s.types.input.core.v1.Probe => ({
    exec: { command },
    timeoutSeconds: 15,
    periodSeconds: liveness ? 60 : 30,
    initialDelaySeconds: liveness ? 60 : 10,
    failureThreshold: liveness ? 5 : 3,
});

// The apps find /source/.env from ENV_PATH (seedCeleryApps.ts); nothing else is set in their environment.
const appEnv = [{ name: "ENV_PATH", value: celeryEnvPath }];

/** What the celery-apps image cannot do, and why. */
const celeryAppsLimits = (runAsUser: number | undefined): ImageLimits => ({
    writableRoot: "the celery-apps image's filesystem layout is its own",
    runsAsRoot: milvusImageRunsAsRoot(runAsUser),
});

/** Declares, as a child of `parent`, the single workflow monitor `milvus-monitor` (`monitor_faas`, never two at once). */
export function celeryMonitor(parent: pulumi.Resource, logicalName: string, input: CeleryAppsInput): void {
    const { monitor } = input.celery;
    // The monitor serves nothing to probe; it is useless without the broker, so by default it is Ready
    // while it can open a connection to it.
    const probe = monitor.probeCommand ?? brokerReachable(input.broker);
    celeryDeployment(parent, logicalName, {
        ...input.shared,
        name: "milvus-monitor",
        component: componentLabels.monitor,
        tier: monitor,
        replicas: 1,
        recreate: true,
        rolloutTimeoutSeconds: input.rolloutTimeouts.monitor,
        limits: celeryAppsLimits(input.shared.runAsUser),
        env: appEnv,
        readsSettings: true,
        container: {
            name: "monitor",
            image: input.image,
            workingDir: appsDir,
            command: monitor.command,
            readinessProbe: execProbe(probe, false),
            livenessProbe: execProbe(probe, true),
        },
    });
}

/**
 * Declares, as children of `parent`, the query workers `milvus-workers` (`query_tasks_worker`) and, when they
 * are autoscaled, their autoscaler (`<logicalName>-autoscaler`), which then sets their replicas.
 */
export function celeryWorkers(parent: pulumi.ComponentResource, logicalName: string, input: CeleryAppsInput): void {
    const { workers } = input.celery;
    const autoscaled = workers.autoscaling.enabled;
    const deployment = celeryDeployment(parent, logicalName, {
        ...input.shared,
        name: "milvus-workers",
        component: componentLabels.workers,
        tier: workers,
        replicas: autoscaled ? undefined : workers.replicas,
        recreate: false,
        rolloutTimeoutSeconds: input.rolloutTimeouts.workers,
        limits: celeryAppsLimits(input.shared.runAsUser),
        env: appEnv,
        readsSettings: true,
        container: {
            name: "worker",
            image: input.image,
            workingDir: appsDir,
            command: workers.command,
            args: [`--concurrency=${workers.concurrency}`],
            // `celery inspect ping` to this worker: it answers only while it consumes from the broker.
            readinessProbe: execProbe(workers.probeCommand, false),
            livenessProbe: execProbe(workers.probeCommand, true),
        },
    });
    if (autoscaled) {
        cpuAutoscaler(parent, `${logicalName}-autoscaler`, {
            name: "milvus-workers",
            namespace: input.shared.context.namespace,
            labels: objectLabels(input.shared.context.instance, componentLabels.workers),
            deploymentName: deployment.metadata.name,
            autoscaling: workers.autoscaling,
        });
    }
}

/**
 * An exec probe command that succeeds while a TCP connection to the broker opens (the celery-apps image has
 * Python, and no other tool can be assumed in it).
 */
const brokerReachable = (broker: Pick<ServiceConnection, "host" | "port">): string[] => [
    "python",
    "-c",
    `import socket; socket.create_connection((${JSON.stringify(broker.host)}, ${broker.port}), 5).close()`,
];

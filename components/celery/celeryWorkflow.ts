import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CeleryConfig, ImageSet } from "../config/types";
import { ServiceConnection } from "../backing/serviceConnection";
import { credentialEnvVars } from "../kube/configRendering";
import { cpuAutoscaler } from "../kube/cpuAutoscaler";
import { componentLabels, objectLabels, selectorLabels } from "../kube/labels";
import { helperUser, ImageLimits, milvusImageRunsAsRoot } from "../kube/podSecurity";
import { RenderedConfigMap, renderedConfigMap } from "../kube/renderedConfigWorkload";
import { WorkloadContext } from "../kube/workloadContext";
import { renderDotenvFile } from "../render/dotenvFile";
import { credentialEnv } from "../render/placeholders";
import { CeleryAppSettings } from "./celeryAppSettings";
import { celeryDeployment, celerySettingsKey } from "./celeryDeployment";
import { appsDir, celeryEnvPath } from "./seedCeleryApps";

/** Arguments of {@link CeleryWorkflow}. */
export interface CeleryWorkflowArgs extends WorkloadContext {
    /** Monitor, workers and Flower settings. */
    celery: CeleryConfig;
    images: Pick<ImageSet, "celeryApps" | "flower" | "configRenderer">;
    /** The apps' settings (credentials as placeholders) and the Secrets behind them. */
    apps: CeleryAppSettings;
    /** The broker URL with the password hidden, for display. */
    brokerDisplayUrl: string;
    /** Non-root UID for the celery-apps image (`security.appRunAsUser`); unset: the image's user. */
    runAsUser?: number;
    /** How long `pulumi up` waits for each Deployment's roll. */
    rolloutTimeouts: { monitor: number; workers: number; flower: number };
}

/** How long an exec probe of a Celery container may take, and how often it runs. */
const execProbe = (command: string[], liveness: boolean): k8s.types.input.core.v1.Probe => ({
    exec: { command },
    timeoutSeconds: 15,
    periodSeconds: liveness ? 60 : 30,
    initialDelaySeconds: liveness ? 60 : 10,
    failureThreshold: liveness ? 5 : 3,
});

/** Flower's HTTP port. */
export const flowerPort = 5555;

/**
 * The Celery workflow tier of the seed (XuPeng-SH/celery_project cc1fef5): one monitor (`milvus-monitor`,
 * `monitor_faas`, never two at once), scalable query workers (`milvus-workers`, `query_tasks_worker`) and
 * Flower with its Service (`milvus-flower`), configured by the seed's `milvus-celery-configmap`, whose
 * `milvus_celery_config.yml` is the `.env` the apps read (mounted at /source/.env). The read-only servers'
 * sidecars (ReadNodes) and the Thrift proxy (MilvusProxy) read the same settings.
 */
export class CeleryWorkflow extends pulumi.ComponentResource {
    /** Flower's URL inside the cluster; unset when Flower is off. */
    readonly flowerUrl?: pulumi.Output<string>;
    /** The broker URL with the password hidden, for display. */
    readonly brokerDisplayUrl: pulumi.Output<string>;
    /** `milvus-celery-configmap`, which the sidecars also read (its checksum rolls the pods that do). */
    readonly config: RenderedConfigMap;

    constructor(name: string, args: CeleryWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:celery:CeleryWorkflow", name, {}, opts);
        const { celery } = args;
        const { settings, credentials, broker } = args.apps;
        const data = { [celerySettingsKey]: renderDotenvFile("Milvus Celery workflow settings (the apps' .env)", settings) };
        const config = renderedConfigMap(this, `${name}-config`, {
            context: args,
            name: "milvus-celery-configmap",
            labels: objectLabels(args.instance, "celery"),
            data,
            credentials,
        });
        // The apps find /source/.env from ENV_PATH (seedCeleryApps.ts); nothing else is set in their environment.
        const appEnv = [{ name: "ENV_PATH", value: celeryEnvPath }];

        const common = {
            context: args,
            runAsUser: args.runAsUser,
            settings: config,
            rendererImage: args.images.configRenderer,
        };

        // The monitor serves nothing to probe; it is useless without the broker, so by default it is Ready
        // while it can open a connection to it.
        const monitorProbe = celery.monitor.probeCommand ?? brokerReachable(broker);
        const celeryAppsLimits: ImageLimits = {
            writableRoot: "the celery-apps image's filesystem layout is its own",
            runsAsRoot: milvusImageRunsAsRoot(args.runAsUser),
        };
        celeryDeployment(this, `${name}-monitor`, {
            ...common,
            name: "milvus-monitor",
            component: componentLabels.monitor,
            tier: celery.monitor,
            replicas: 1,
            recreate: true,
            rolloutTimeoutSeconds: args.rolloutTimeouts.monitor,
            limits: celeryAppsLimits,
            env: appEnv,
            readsSettings: true,
            container: {
                name: "monitor",
                image: args.images.celeryApps,
                workingDir: appsDir,
                command: celery.monitor.command,
                readinessProbe: execProbe(monitorProbe, false),
                livenessProbe: execProbe(monitorProbe, true),
            },
        });
        const workersAutoscaled = celery.workers.autoscaling.enabled;
        const workers = celeryDeployment(this, `${name}-workers`, {
            ...common,
            name: "milvus-workers",
            component: componentLabels.workers,
            tier: celery.workers,
            replicas: workersAutoscaled ? undefined : celery.workers.replicas,
            recreate: false,
            rolloutTimeoutSeconds: args.rolloutTimeouts.workers,
            limits: celeryAppsLimits,
            env: appEnv,
            readsSettings: true,
            container: {
                name: "worker",
                image: args.images.celeryApps,
                workingDir: appsDir,
                command: celery.workers.command,
                args: [`--concurrency=${celery.workers.concurrency}`],
                // `celery inspect ping` to this worker: it answers only while it consumes from the broker.
                readinessProbe: execProbe(celery.workers.probeCommand, false),
                livenessProbe: execProbe(celery.workers.probeCommand, true),
            },
        });
        if (workersAutoscaled) {
            cpuAutoscaler(this, `${name}-workers-autoscaler`, {
                name: "milvus-workers",
                namespace: args.namespace,
                labels: objectLabels(args.instance, componentLabels.workers),
                deploymentName: workers.metadata.name,
                autoscaling: celery.workers.autoscaling,
            });
        }

        if (celery.flower.enabled) {
            celeryDeployment(this, `${name}-flower`, {
                ...common,
                name: "milvus-flower",
                component: componentLabels.flower,
                tier: celery.flower,
                replicas: 1,
                recreate: false,
                rolloutTimeoutSeconds: args.rolloutTimeouts.flower,
                // Flower keeps no state on disk (it is not started with --persistent).
                runAsUser: helperUser,
                limits: {},
                // Flower reads the broker from CELERY_BROKER_URL (Celery's own setting); the kubelet fills the
                // password placeholder from the broker's Secret.
                env: [
                    ...credentialEnvVars(credentials.filter((c) => c.name === credentialEnv.brokerPassword)),
                    { name: "CELERY_BROKER_URL", value: settings.CELERY_BROKER_URL },
                ],
                readsSettings: false,
                container: {
                    name: "flower",
                    image: args.images.flower,
                    command: ["celery", "flower", `--port=${flowerPort}`],
                    ports: [{ name: "http", containerPort: flowerPort }],
                    readinessProbe: { httpGet: { path: "/healthcheck", port: "http" }, periodSeconds: 10 },
                    livenessProbe: { httpGet: { path: "/healthcheck", port: "http" }, initialDelaySeconds: 30, periodSeconds: 20 },
                },
            });
            const service = new k8s.core.v1.Service(
                `${name}-flower-service`,
                {
                    metadata: {
                        name: "milvus-flower",
                        namespace: args.namespace,
                        labels: objectLabels(args.instance, componentLabels.flower),
                    },
                    spec: {
                        type: celery.flower.serviceType,
                        selector: selectorLabels(args.instance, componentLabels.flower),
                        ports: [{ name: "http", port: flowerPort, targetPort: "http" }],
                    },
                },
                { parent: this },
            );
            this.flowerUrl = pulumi.interpolate`http://${service.metadata.name}.${args.namespace}.svc.cluster.local:${flowerPort}`;
        }
        this.brokerDisplayUrl = pulumi.output(args.brokerDisplayUrl);
        this.config = config;
        this.registerOutputs({ flowerUrl: this.flowerUrl, brokerDisplayUrl: this.brokerDisplayUrl });
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

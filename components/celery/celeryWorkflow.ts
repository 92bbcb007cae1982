import * as pulumi from "@pulumi/pulumi";
import { CeleryConfig, ImageSet } from "../config/types";
import { componentLabels, objectLabels } from "../kube/labels";
import { RenderedConfigMap, renderedConfigMap } from "../kube/renderedConfigWorkload";
import { WorkloadContext } from "../kube/workloadContext";
import { renderDotenvFile } from "../render/dotenvFile";
import { CeleryAppSettings } from "./celeryAppSettings";
import { celeryMonitor, celeryWorkers } from "./celeryApps";
import { celerySettingsKey, CeleryTierShared } from "./celeryDeployment";
import { celeryFlower } from "./celeryFlower";

/** Arguments of {@link CeleryWorkflow}. */
export interface CeleryWorkflowArgs extends WorkloadContext {
    /** Monitor, workers and Flower settings. */
    celery: CeleryConfig;
    images: Pick<ImageSet, "celeryApps" | "flower" | "configRenderer">;
    /** The apps' settings (credentials as placeholders) and the Secrets behind them. */
    apps: CeleryAppSettings;
    /** Non-root UID for the celery-apps image (`security.appRunAsUser`); unset: the image's user. */
    runAsUser?: number;
    /** How long `pulumi up` waits for each Deployment's roll. */
    rolloutTimeouts: { monitor: number; workers: number; flower: number };
}

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
    /** `milvus-celery-configmap`, which the sidecars also read (its checksum rolls the pods that do). */
    readonly config: RenderedConfigMap;

    constructor(name: string, args: CeleryWorkflowArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:celery:CeleryWorkflow", name, {}, opts);
        const { celery, apps, images } = args;
        this.config = celerySettingsConfigMap(this, `${name}-config`, args);
        const shared: CeleryTierShared = {
            context: args,
            runAsUser: args.runAsUser,
            settings: this.config,
            rendererImage: images.configRenderer,
        };
        const appsInput = { shared, celery, image: images.celeryApps, broker: apps.broker, rolloutTimeouts: args.rolloutTimeouts };
        celeryMonitor(this, `${name}-monitor`, appsInput);
        celeryWorkers(this, `${name}-workers`, appsInput);
        if (celery.flower.enabled) {
            this.flowerUrl = celeryFlower(this, `${name}-flower`, {
                shared,
                flower: celery.flower,
                image: images.flower,
                broker: { url: apps.settings.CELERY_BROKER_URL, credentials: apps.credentials },
                rolloutTimeoutSeconds: args.rolloutTimeouts.flower,
            });
        }
        this.registerOutputs({ flowerUrl: this.flowerUrl });
    }
}

/** Declares `milvus-celery-configmap`: the apps' settings rendered as their `.env`, credentials as placeholders. */
function celerySettingsConfigMap(parent: pulumi.Resource, logicalName: string, args: CeleryWorkflowArgs): RenderedConfigMap {
    const { settings, credentials } = args.apps;
    return renderedConfigMap(parent, logicalName, {
        namespace: args.namespace,
        name: "milvus-celery-configmap",
        labels: objectLabels(args.instance, componentLabels.celerySettings),
        data: { [celerySettingsKey]: renderDotenvFile("Milvus Celery workflow settings (the apps' .env)", settings) },
        credentials,
    });
}

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CeleryConfig } from "../config/types";
import { CredentialEnvVar, credentialEnvVars } from "../kube/configRendering";
import { componentLabels, objectLabels, selectorLabels } from "../kube/labels";
import { helperUser } from "../kube/podSecurity";
import { credentialEnv } from "../render/placeholders";
import { celeryDeployment, CeleryTierShared } from "./celeryDeployment";
import { flowerPort } from "./celeryTier";

/** What Flower, the Celery tier's task-monitoring UI, is built from. */
export interface CeleryFlowerInput {
    /** What every Deployment of the Celery tier shares (Flower waits for the settings ConfigMap, not reading it). */
    shared: CeleryTierShared;
    /** `flower`: its Service type, resources, priority class and pod annotations. */
    flower: CeleryConfig["flower"];
    /** The Flower image. */
    image: string;
    /** The apps' broker URL (password as a placeholder), and the Secrets that fill the apps' placeholders. */
    broker: { url: string; credentials: readonly CredentialEnvVar[] };
    /** How long `pulumi up` waits for its roll. */
    rolloutTimeoutSeconds: number;
}

/**
 * Declares, as children of `parent`, Flower's Deployment and its Service (both `milvus-flower`; the Service's
 * logical name is `<logicalName>-service`), and returns Flower's URL inside the cluster.
 */
export function celeryFlower(parent: pulumi.Resource, logicalName: string, input: CeleryFlowerInput): pulumi.Output<string> {
    const { context } = input.shared;
    celeryDeployment(parent, logicalName, {
        ...input.shared,
        name: "milvus-flower",
        component: componentLabels.flower,
        tier: input.flower,
        replicas: 1,
        recreate: false,
        rolloutTimeoutSeconds: input.rolloutTimeoutSeconds,
        // Flower keeps no state on disk (it is not started with --persistent).
        runAsUser: helperUser,
        limits: {},
        // Flower reads the broker from CELERY_BROKER_URL (Celery's own setting); the kubelet fills the
        // password placeholder from the broker's Secret.
        env: [
            ...credentialEnvVars(input.broker.credentials.filter((c) => c.name === credentialEnv.brokerPassword)),
            { name: "CELERY_BROKER_URL", value: input.broker.url },
        ],
        readsSettings: false,
        container: {
            name: "flower",
            image: input.image,
            command: ["celery", "flower", `--port=${flowerPort}`],
            ports: [{ name: "http", containerPort: flowerPort }],
            readinessProbe: { httpGet: { path: "/healthcheck", port: "http" }, periodSeconds: 10 },
            livenessProbe: { httpGet: { path: "/healthcheck", port: "http" }, initialDelaySeconds: 30, periodSeconds: 20 },
        },
    });
    const service = new k8s.core.v1.Service(
        `${logicalName}-service`,
        {
            metadata: {
                name: "milvus-flower",
                namespace: context.namespace,
                labels: objectLabels(context.instance, componentLabels.flower),
            },
            spec: {
                type: input.flower.serviceType,
                selector: selectorLabels(context.instance, componentLabels.flower),
                ports: [{ name: "http", port: flowerPort, targetPort: "http" }],
            },
        },
        { parent },
    );
    return pulumi.interpolate`http://${service.metadata.name}.${context.namespace}.svc.cluster.local:${flowerPort}`;
}

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ContainerResources, DataProtection, VolumeConfig } from "../config/types";
import { containerResources } from "../kube/containerResources";
import { tierLabels } from "../kube/labels";
import { imageLimitExemptions, restrictedContainer } from "../kube/podSecurity";
import { restrictedPodTemplate } from "../kube/restrictedPodTemplate";
import { RolloutWait, workloadOptions } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";

/** Arguments of {@link StatefulServer}. */
export interface StatefulServerArgs extends WorkloadContext, RolloutWait {
    /** Name of the Service and of the StatefulSet (e.g. the seed's `milvus-mysql`). */
    serviceName: string;
    /** `app.kubernetes.io/component` label, e.g. `mysql`. */
    component: string;
    /** Pinned image. */
    image: string;
    /** Container args (`$(VAR)` refers to an env var, as Kubernetes expands it). */
    args?: string[];
    /** Container env, credentials as `secretKeyRef`. */
    env: k8s.types.input.core.v1.EnvVar[];
    /** The one port clients use. */
    port: { name: string; number: number };
    /** Where the server keeps its data. */
    dataPath: string;
    /** Keep data on a PersistentVolumeClaim per pod (false: an emptyDir that dies with the pod). */
    persistence: boolean;
    /** Size/class/access mode of that claim. */
    storage: VolumeConfig;
    resources: ContainerResources;
    /** The image's own non-root UID (it owns the data volume through fsGroup). */
    runAsUser: number;
    /** Why the server's root filesystem must stay writable; unset: it writes only to its volumes (read-only root). */
    writableRootReason?: string;
    /** PriorityClass of the pod; unset: the cluster default. */
    priorityClassName?: string;
    /** Protect the StatefulSet; retain its claims when it is deleted. */
    protection: DataProtection;
}

/** The data volume, and the volumeClaimTemplate whose claims are `data-<service>-<ordinal>`. */
export const dataVolume = "data";

/**
 * One in-cluster backing server (MySQL, Redis, MinIO, a Celery broker): a single-replica StatefulSet with its
 * data on a PersistentVolumeClaim from `volumeClaimTemplates`, and a ClusterIP Service of the seed's name.
 */
export class StatefulServer extends pulumi.ComponentResource {
    /** `host:port` inside the namespace. */
    readonly endpoint: pulumi.Output<string>;

    constructor(name: string, args: StatefulServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:backing:StatefulServer", name, {}, opts);
        const { labels, selector } = tierLabels(args.instance, args.component);
        const tcpProbe = { tcpSocket: { port: args.port.name } };

        new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name: args.serviceName, namespace: args.namespace, labels },
                spec: {
                    type: "ClusterIP",
                    selector,
                    ports: [{ name: args.port.name, port: args.port.number, targetPort: args.port.name }],
                },
            },
            { parent: this },
        );

        new k8s.apps.v1.StatefulSet(
            `${name}-statefulset`,
            {
                metadata: { name: args.serviceName, namespace: args.namespace, labels },
                spec: {
                    serviceName: args.serviceName,
                    replicas: 1,
                    selector: { matchLabels: selector },
                    // Claims stay when the pod count drops; when the StatefulSet goes they go too unless retained.
                    persistentVolumeClaimRetentionPolicy: {
                        whenDeleted: args.protection.retainOnDelete ? "Retain" : "Delete",
                        whenScaled: "Retain",
                    },
                    template: restrictedPodTemplate({
                        labels,
                        annotations: imageLimitExemptions({ writableRoot: args.writableRootReason }),
                        runAsUser: args.runAsUser,
                        imagePullSecrets: args.imagePullSecrets,
                        spec: {
                            priorityClassName: args.priorityClassName,
                            containers: [
                                {
                                    name: args.component,
                                    image: args.image,
                                    args: args.args,
                                    env: args.env,
                                    ports: [{ name: args.port.name, containerPort: args.port.number }],
                                    resources: containerResources(args.resources),
                                    securityContext: restrictedContainer({ readOnlyRootFilesystem: args.writableRootReason === undefined }),
                                    volumeMounts: [{ name: dataVolume, mountPath: args.dataPath }],
                                    readinessProbe: { ...tcpProbe, periodSeconds: 10 },
                                    livenessProbe: { ...tcpProbe, initialDelaySeconds: 30, periodSeconds: 20 },
                                },
                            ],
                            volumes: args.persistence ? [] : [{ name: dataVolume, emptyDir: {} }],
                        },
                    }),
                    volumeClaimTemplates: args.persistence
                        ? [
                              {
                                  metadata: { name: dataVolume, labels },
                                  spec: {
                                      accessModes: [args.storage.accessMode],
                                      storageClassName: args.storage.storageClass,
                                      resources: { requests: { storage: args.storage.size } },
                                  },
                              },
                          ]
                        : [],
                },
            },
            workloadOptions(this, args.rolloutTimeoutSeconds, { protect: args.protection.protect }),
        );

        this.endpoint = pulumi.output(`${args.serviceName}:${args.port.number}`);
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

import * as k8s from "@pulumi/kubernetes";
import { Unwrap } from "@pulumi/pulumi";
import { DeclaredObject, PackConfig, Violation, violationsOf } from "../../policy/checkObjects";
import { policyExemptionsAnnotation } from "../../policy/lib/sharedNames";

// Builders of Kubernetes objects for the policy tests. Every builder starts from an object that complies with
// every policy of the pack (checked by compliance.test.ts), so a test changes the one thing it is about.

export type Container = Unwrap<k8s.types.input.core.v1.Container>;
export type PodSpec = Unwrap<k8s.types.input.core.v1.PodSpec>;
type PodTemplate = Unwrap<k8s.types.input.core.v1.PodTemplateSpec>;

export const defaultNamespace = "milvus";

export const podLabels = (component: string): Record<string, string> => ({
    "app.kubernetes.io/name": "milvus",
    "app.kubernetes.io/instance": "milvus",
    "app.kubernetes.io/component": component,
});

const restricted = {
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
};

/** The UID the compliant pods run as (the pod's securityContext; containers inherit it). */
export const nonRootUser = 65534;

/** A container that breaks no policy. */
export const compliantContainer = (name: string): Container => ({
    name,
    image: "registry.example.com/milvus/app:1.2.3",
    resources: { requests: { cpu: "100m", memory: "64Mi" }, limits: { cpu: "1", memory: "128Mi" } },
    readinessProbe: { tcpSocket: { port: 8080 } },
    livenessProbe: { tcpSocket: { port: 8080 } },
    securityContext: { ...restricted, capabilities: { drop: ["ALL"] } },
});

/** A pod spec that breaks no policy: one container, one init container, both running as `nonRootUser`. */
export const compliantPodSpec = (): PodSpec => ({
    automountServiceAccountToken: false,
    securityContext: { seccompProfile: { type: "RuntimeDefault" }, runAsNonRoot: true, runAsUser: nonRootUser },
    initContainers: [{ ...compliantContainer("init"), readinessProbe: undefined, livenessProbe: undefined }],
    containers: [compliantContainer("app")],
    volumes: [{ name: "scratch", emptyDir: {} }],
});

/** How a test shapes a workload: its name, namespace, component label, annotations, and edits to its pods. */
export interface WorkloadOptions {
    /** `metadata.name`; the Pulumi name is `<name>-<kind>`. */
    name?: string;
    namespace?: string;
    component?: string;
    annotations?: Record<string, string>;
    /** Edits the compliant pod spec in place. */
    edit?: (spec: PodSpec) => void;
}

const podTemplate = (options: WorkloadOptions): PodTemplate => {
    const spec = compliantPodSpec();
    options.edit?.(spec);
    return {
        metadata: { labels: podLabels(options.component ?? "app"), annotations: options.annotations },
        spec,
    };
};

const metadata = (options: WorkloadOptions, fallback: string): Unwrap<k8s.types.input.meta.v1.ObjectMeta> => ({
    name: options.name ?? fallback,
    namespace: options.namespace ?? defaultNamespace,
});

/** A declared object of any type. */
export const declared = (type: string, name: string, props: object, protect?: boolean): DeclaredObject => ({
    type,
    name,
    props: props as Record<string, unknown>,
    protect,
});

export function deployment(options: WorkloadOptions = {}): DeclaredObject {
    const props: Unwrap<k8s.apps.v1.DeploymentArgs> = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: metadata(options, "app"),
        spec: { selector: { matchLabels: podLabels(options.component ?? "app") }, template: podTemplate(options) },
    };
    return declared("kubernetes:apps/v1:Deployment", `${props.metadata?.name}-deployment`, props);
}

export interface StatefulSetOptions extends WorkloadOptions {
    /** Gives it a volumeClaimTemplate. */
    claims?: boolean;
    whenDeleted?: "Retain" | "Delete";
    protect?: boolean;
}

export function statefulSet(options: StatefulSetOptions = {}): DeclaredObject {
    const props: Unwrap<k8s.apps.v1.StatefulSetArgs> = {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: metadata(options, "store"),
        spec: {
            serviceName: options.name ?? "store",
            selector: { matchLabels: podLabels(options.component ?? "app") },
            template: podTemplate(options),
            volumeClaimTemplates: options.claims
                ? [
                      {
                          metadata: { name: "data" },
                          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
                      },
                  ]
                : undefined,
            persistentVolumeClaimRetentionPolicy:
                options.whenDeleted === undefined ? undefined : { whenDeleted: options.whenDeleted, whenScaled: "Retain" },
        },
    };
    return declared("kubernetes:apps/v1:StatefulSet", `${props.metadata?.name}-statefulset`, props, options.protect);
}

export function daemonSet(options: WorkloadOptions = {}): DeclaredObject {
    const props: Unwrap<k8s.apps.v1.DaemonSetArgs> = {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: metadata(options, "agent"),
        spec: { selector: { matchLabels: podLabels(options.component ?? "app") }, template: podTemplate(options) },
    };
    return declared("kubernetes:apps/v1:DaemonSet", `${props.metadata?.name}-daemonset`, props);
}

export function job(options: WorkloadOptions = {}): DeclaredObject {
    const props: Unwrap<k8s.batch.v1.JobArgs> = {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: metadata(options, "task"),
        spec: { template: podTemplate(options) },
    };
    return declared("kubernetes:batch/v1:Job", `${props.metadata?.name}-job`, props);
}

export function cronJob(options: WorkloadOptions = {}): DeclaredObject {
    const props: Unwrap<k8s.batch.v1.CronJobArgs> = {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: metadata(options, "nightly"),
        spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: podTemplate(options) } } },
    };
    return declared("kubernetes:batch/v1:CronJob", `${props.metadata?.name}-cronjob`, props);
}

export function pod(options: WorkloadOptions = {}): DeclaredObject {
    const template = podTemplate(options);
    const props: Unwrap<k8s.core.v1.PodArgs> = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { ...metadata(options, "debug"), labels: template.metadata?.labels, annotations: template.metadata?.annotations },
        spec: template.spec,
    };
    return declared("kubernetes:core/v1:Pod", `${props.metadata?.name}-pod`, props);
}

export function configMap(name: string, data: Record<string, string>): DeclaredObject {
    const props: Unwrap<k8s.core.v1.ConfigMapArgs> = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace: defaultNamespace },
        data,
    };
    return declared("kubernetes:core/v1:ConfigMap", `${name}-configmap`, props);
}

export function namespace(name: string, protect?: boolean): DeclaredObject {
    const props: Unwrap<k8s.core.v1.NamespaceArgs> = { apiVersion: "v1", kind: "Namespace", metadata: { name } };
    return declared("kubernetes:core/v1:Namespace", `${name}-namespace`, props, protect);
}

/** A generated password (@pulumi/random's RandomPassword), as the backing services' credentials use. */
export const randomPassword = (name: string, protect?: boolean): DeclaredObject =>
    declared("random:index/randomPassword:RandomPassword", name, { length: 32, special: false }, protect);

/** The exemption annotation granting `reasons` (policy name → reason). */
export const exemptions = (reasons: Record<string, string>): Record<string, string> => ({
    [policyExemptionsAnnotation]: JSON.stringify(reasons),
});

/** The violations of one policy among `objects`. */
export async function violationsOfPolicy(policy: string, objects: readonly DeclaredObject[], config?: PackConfig): Promise<Violation[]> {
    return (await violationsOf(objects, config)).filter((v) => v.policy === policy);
}

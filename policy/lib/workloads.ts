import * as k8s from "@pulumi/kubernetes";
import { CustomResourceOptions, Resource, Unwrap } from "@pulumi/pulumi";
import { describeObject } from "./describeObject";
import { KubeObject, PodTemplate } from "./kubeTypes";
import { TypedResource } from "./typedResource";

/** The kinds of object that declare pods, in any API version the provider still offers. */
export type WorkloadKind = "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController" | "Job" | "CronJob" | "Pod";

/** The constructor of a Kubernetes resource class whose args are `A`. */
type ResourceClass<A> = new (name: string, args: A, opts?: CustomResourceOptions) => Resource;

interface WorkloadType {
    kind: WorkloadKind;
    matches(resource: TypedResource): boolean;
    podTemplate(props: Record<string, unknown>): PodTemplate | undefined;
}

/** One workload class, with where its pod template sits in its (typed) args. */
function workloadType<A>(
    kind: WorkloadKind,
    resourceClass: ResourceClass<A>,
    podTemplate: (props: Unwrap<NonNullable<A>>) => PodTemplate | undefined,
): WorkloadType {
    return {
        kind,
        matches: (resource) => resource.isType(resourceClass),
        // The one place the untyped props meet the class's args type, as validateResourceOfType does.
        podTemplate: (props) => podTemplate(props as Unwrap<NonNullable<A>>),
    };
}

const workloadTypes: readonly WorkloadType[] = [
    workloadType("Deployment", k8s.apps.v1.Deployment, (p) => p.spec?.template),
    workloadType("Deployment", k8s.apps.v1beta1.Deployment, (p) => p.spec?.template),
    workloadType("Deployment", k8s.apps.v1beta2.Deployment, (p) => p.spec?.template),
    workloadType("Deployment", k8s.extensions.v1beta1.Deployment, (p) => p.spec?.template),
    workloadType("StatefulSet", k8s.apps.v1.StatefulSet, (p) => p.spec?.template),
    workloadType("StatefulSet", k8s.apps.v1beta1.StatefulSet, (p) => p.spec?.template),
    workloadType("StatefulSet", k8s.apps.v1beta2.StatefulSet, (p) => p.spec?.template),
    workloadType("DaemonSet", k8s.apps.v1.DaemonSet, (p) => p.spec?.template),
    workloadType("DaemonSet", k8s.apps.v1beta2.DaemonSet, (p) => p.spec?.template),
    workloadType("DaemonSet", k8s.extensions.v1beta1.DaemonSet, (p) => p.spec?.template),
    workloadType("ReplicaSet", k8s.apps.v1.ReplicaSet, (p) => p.spec?.template),
    workloadType("ReplicaSet", k8s.apps.v1beta2.ReplicaSet, (p) => p.spec?.template),
    workloadType("ReplicaSet", k8s.extensions.v1beta1.ReplicaSet, (p) => p.spec?.template),
    workloadType("ReplicationController", k8s.core.v1.ReplicationController, (p) => p.spec?.template),
    workloadType("Job", k8s.batch.v1.Job, (p) => p.spec?.template),
    workloadType("CronJob", k8s.batch.v1.CronJob, (p) => p.spec?.jobTemplate?.spec?.template),
    workloadType("CronJob", k8s.batch.v1beta1.CronJob, (p) => p.spec?.jobTemplate?.spec?.template),
    workloadType("CronJob", k8s.batch.v2alpha1.CronJob, (p) => p.spec?.jobTemplate?.spec?.template),
    workloadType("Pod", k8s.core.v1.Pod, (p) => ({ metadata: p.metadata, spec: p.spec })),
];

/** A Kubernetes object that declares pods. */
export interface Workload {
    kind: WorkloadKind;
    /** `Kind namespace/name`, for messages. */
    description: string;
    /** `metadata.namespace`; unset means the provider's default namespace. */
    namespace: string | undefined;
    /** `metadata.name`; unset means auto-named. */
    name: string | undefined;
    /** The pods it declares (empty when it declares none, which Kubernetes would refuse anyway). */
    template: PodTemplate;
}

/** The workload `resource` is, or undefined when it declares no pods. */
export function workloadOf(resource: TypedResource): Workload | undefined {
    const type = workloadTypes.find((t) => t.matches(resource));
    if (type === undefined) {
        return undefined;
    }
    const object = resource.props as KubeObject;
    return {
        kind: type.kind,
        description: describeObject(object, resource.type, resource.name),
        namespace: object.metadata?.namespace,
        name: object.metadata?.name,
        template: type.podTemplate(resource.props) ?? {},
    };
}

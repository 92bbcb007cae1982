import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** Where a cluster's objects go and whose they are: what every object of one MilvusCluster shares. */
export interface ObjectContext {
    /** Namespace of every object. */
    namespace: pulumi.Input<string>;
    /** `app.kubernetes.io/instance` label: the MilvusCluster's name. */
    instance: string;
}

/** A tier's companion object (its PodDisruptionBudget, its autoscaler): named after the tier's workload. */
export interface TierCompanion {
    /** Object name: the workload's. */
    name: string;
    namespace: pulumi.Input<string>;
    labels: Record<string, string>;
}

/** What every workload (a Deployment, StatefulSet, DaemonSet or Job) of one MilvusCluster shares. */
export interface WorkloadContext extends ObjectContext {
    /** Secrets (in the namespace) the pods pull their images with (`imagePullSecrets`). */
    imagePullSecrets: string[];
}

/** The pod spec's `imagePullSecrets`: a reference to each of the context's pull Secrets. */
export const pullSecretRefs = (context: Pick<WorkloadContext, "imagePullSecrets">): k8s.types.input.core.v1.LocalObjectReference[] =>
    context.imagePullSecrets.map((name) => ({ name }));

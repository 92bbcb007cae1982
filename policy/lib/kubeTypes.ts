import * as k8s from "@pulumi/kubernetes";
import { Unwrap } from "@pulumi/pulumi";

// The shapes the policies read, as plain values: a resource's inputs (resource policies) and its outputs (stack
// policies) both arrive with every Input/Output already resolved. Input types, because every field is optional
// there, as it may be in what the engine hands over.

export type PodTemplate = Unwrap<k8s.types.input.core.v1.PodTemplateSpec>;
/** Partial: a template may omit even what Kubernetes requires; the API server, not a policy, refuses that. */
export type PodSpec = Partial<Unwrap<k8s.types.input.core.v1.PodSpec>>;
export type Container = Unwrap<k8s.types.input.core.v1.Container>;
export type ObjectMeta = Unwrap<k8s.types.input.meta.v1.ObjectMeta>;
export type LabelSelector = Unwrap<k8s.types.input.meta.v1.LabelSelector>;
export type ConfigMap = Unwrap<k8s.core.v1.ConfigMapArgs>;
export type PolicyRule = Unwrap<k8s.types.input.rbac.v1.PolicyRule>;
export type NetworkPolicySpec = Partial<Unwrap<k8s.types.input.networking.v1.NetworkPolicySpec>>;
export type PodDisruptionBudgetSpec = Unwrap<k8s.types.input.policy.v1.PodDisruptionBudgetSpec>;

/** What every Kubernetes object has: the metadata the policies name it by. */
export interface KubeObject {
    kind?: string;
    metadata?: ObjectMeta;
}

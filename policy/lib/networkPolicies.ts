import * as k8s from "@pulumi/kubernetes";
import { PolicyResource } from "@pulumi/policy";
import { describeObject } from "./describeObject";
import { isSet } from "./isSet";
import { KubeObject, NetworkPolicySpec } from "./kubeTypes";
import { isEmptySelector, selects } from "./labelSelector";
import { namespaceKey } from "./namespaces";
import { ResourceClass } from "./typedResource";

/** A NetworkPolicy of the stack. */
export interface StackNetworkPolicy {
    /** `NetworkPolicy namespace/name`, for messages. */
    description: string;
    namespace: string;
    spec: NetworkPolicySpec;
}

const networkPolicyClasses: readonly ResourceClass[] = [k8s.networking.v1.NetworkPolicy, k8s.extensions.v1beta1.NetworkPolicy];

/** Every NetworkPolicy among the stack's resources. */
export const networkPoliciesOf = (resources: readonly PolicyResource[]): StackNetworkPolicy[] =>
    resources
        .filter((r) => networkPolicyClasses.some((c) => r.isType(c)))
        .map((r) => {
            const object = r.props as KubeObject & { spec?: NetworkPolicySpec };
            return {
                description: describeObject(object, r.type, r.name),
                namespace: namespaceKey(object.metadata?.namespace),
                spec: object.spec ?? {},
            };
        });

/** Whether the policy restricts ingress: policyTypes lists Ingress, or is unset (Kubernetes then implies it). */
const restrictsIngress = (spec: NetworkPolicySpec): boolean =>
    (spec.policyTypes ?? []).length === 0 || (spec.policyTypes ?? []).includes("Ingress");

/** Whether the policy restricts ingress of pods labelled `labels`. */
export const isolatesIngressOf = (spec: NetworkPolicySpec, labels: Readonly<Record<string, string>>): boolean =>
    restrictsIngress(spec) && selects(spec.podSelector ?? {}, labels);

/** A default-deny policy: every pod of the namespace (empty podSelector), ingress restricted, nothing admitted. */
export const isDefaultDenyIngress = (spec: NetworkPolicySpec): boolean =>
    isEmptySelector(spec.podSelector ?? {}) && restrictsIngress(spec) && (spec.ingress ?? []).length === 0;

/** An allow-list for particular pods: a non-empty podSelector and at least one ingress rule. */
export const isTargetedAllowList = (spec: NetworkPolicySpec): boolean =>
    !isEmptySelector(spec.podSelector ?? {}) && restrictsIngress(spec) && (spec.ingress ?? []).length > 0;

/** Every way the policy admits ingress from something other than pods chosen by a podSelector. */
export function nonPodIngress(spec: NetworkPolicySpec): string[] {
    const problems: string[] = [];
    (spec.ingress ?? []).forEach((rule, i) => {
        const at = `ingress rule ${i + 1}`;
        const from = rule.from ?? [];
        if (from.length === 0) {
            problems.push(`${at} has no "from", so it admits every source`);
        }
        from.forEach((peer, j) => {
            const peerAt = `${at}, peer ${j + 1}`;
            if (isSet(peer.ipBlock)) {
                problems.push(`${peerAt} admits an ipBlock`);
            }
            if (isSet(peer.namespaceSelector)) {
                problems.push(`${peerAt} admits pods of other namespaces (namespaceSelector)`);
            }
            if (!isSet(peer.podSelector)) {
                problems.push(`${peerAt} has no podSelector`);
            }
        });
    });
    return problems;
}

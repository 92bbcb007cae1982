import * as k8s from "@pulumi/kubernetes";
import { PolicyResource } from "@pulumi/policy";
import { KubeObject } from "./kubeTypes";

/**
 * The namespace an object lands in, as a key to group by: its `metadata.namespace`, or "" when unset (the
 * provider's default namespace, the same for every object of one provider).
 */
export const namespaceKey = (namespace: string | undefined): string => namespace ?? "";

/** A namespace key, for messages. */
export const namespaceLabel = (key: string): string => (key === "" ? "the provider's default namespace" : `namespace ${key}`);

/** The URN of the stack's Namespace object named `key`, so a violation about the namespace is attached to it. */
export const namespaceUrn = (resources: readonly PolicyResource[], key: string): string | undefined =>
    resources.find((r) => r.isType(k8s.core.v1.Namespace) && (r.props as KubeObject).metadata?.name === key)?.urn;

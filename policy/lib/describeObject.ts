import { KubeObject } from "./kubeTypes";

/**
 * How a violation names a Kubernetes object: `Kind namespace/name`, as kubectl would. An object without
 * `metadata.name` is auto-named by the provider from its Pulumi name, which is then given instead.
 */
export function describeObject(object: KubeObject, type: string, pulumiName: string): string {
    const kind = object.kind ?? type.slice(type.lastIndexOf(":") + 1);
    const namespace = object.metadata?.namespace;
    const name = object.metadata?.name ?? `(auto-named from ${pulumiName})`;
    return namespace === undefined ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

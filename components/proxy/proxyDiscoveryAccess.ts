import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Declares, as children of `parent`, the ServiceAccount `<name>` Mishards' Kubernetes discovery runs as, and a
 * Role `<name>-discovery` bound to it that can only get and list pods and list and watch events in its own
 * namespace (what shards/discovery/plugins/kubernetes_provider.py calls). Returns the account's name.
 */
export function proxyDiscoveryAccess(
    parent: pulumi.Resource,
    logicalName: string,
    input: {
        /** Namespace of the Role and the account. */
        namespace: pulumi.Input<string>;
        /** The account's name: the proxy's. */
        name: string;
        /** The proxy's object labels. */
        labels: Record<string, string>;
    },
): pulumi.Output<string> {
    const { namespace } = input;
    const account = new k8s.core.v1.ServiceAccount(
        `${logicalName}-account`,
        { metadata: { name: input.name, namespace, labels: input.labels } },
        { parent },
    );
    const role = new k8s.rbac.v1.Role(
        `${logicalName}-discovery-role`,
        {
            metadata: { name: `${input.name}-discovery`, namespace, labels: input.labels },
            rules: [
                { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
                { apiGroups: [""], resources: ["events"], verbs: ["list", "watch"] },
            ],
        },
        { parent },
    );
    new k8s.rbac.v1.RoleBinding(
        `${logicalName}-discovery-binding`,
        {
            metadata: { name: `${input.name}-discovery`, namespace, labels: input.labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
            subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace }],
        },
        { parent },
    );
    return account.metadata.name;
}

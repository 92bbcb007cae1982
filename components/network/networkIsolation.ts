import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { instanceLabel, objectLabels } from "../kube/labels";
import { ObjectContext } from "../kube/workloadContext";
import { NetworkTopology } from "./networkTopology";
import { componentLabel } from "../../policy/lib/sharedNames";

type NetworkPolicyPeer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type NetworkPolicyIngressRule = k8s.types.input.networking.v1.NetworkPolicyIngressRule;

/** Who may connect from outside the cluster's own pods. */
export interface ClientSources {
    /** Labels of namespaces whose pods may connect (an empty map: every namespace; unset: none). */
    namespaceSelector?: Record<string, string>;
    /** IPv4 CIDRs that may connect (load balancers, node ports). */
    cidrs: string[];
}

/** Arguments of {@link NetworkIsolation}: the cluster's namespace, and its instance, which every pod the rules name carries. */
export interface NetworkIsolationArgs extends ObjectContext {
    /** Who talks to whom: {@link networkTopology}'s answer for the tiers deployed. */
    topology: NetworkTopology;
    /** Who may reach the entry points besides pods of this namespace. */
    clients: ClientSources;
    /** Namespaces whose pods may scrape the servers' metrics port (an empty map: every namespace). */
    monitoringNamespaceSelector: Record<string, string>;
}

const componentIn = (instance: string, components: string[]): k8s.types.input.meta.v1.LabelSelector => ({
    matchLabels: { [instanceLabel]: instance },
    matchExpressions: [{ key: componentLabel, operator: "In", values: components }],
});

/**
 * NetworkPolicies that deny every ingress into the namespace by default, then open exactly the traffic the
 * tiers need: backing servers from the Milvus and Celery pods only, the Milvus servers' client port from the
 * proxy and the Celery tier, their metrics port from the monitoring namespaces, and the proxy from this namespace
 * and the configured client namespaces and CIDRs, Flower from this namespace only. Egress is not restricted.
 */
export class NetworkIsolation extends pulumi.ComponentResource {
    constructor(name: string, args: NetworkIsolationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:network:NetworkIsolation", name, {}, opts);
        const { topology } = args;
        const labels = objectLabels(args.instance, "network-policy");
        const policy = (
            logical: string,
            objectName: string,
            podSelector: k8s.types.input.meta.v1.LabelSelector,
            ingress: NetworkPolicyIngressRule[],
        ): void => {
            new k8s.networking.v1.NetworkPolicy(
                `${name}-${logical}`,
                {
                    metadata: { name: objectName, namespace: args.namespace, labels },
                    spec: { podSelector, policyTypes: ["Ingress"], ingress },
                },
                { parent: this },
            );
        };
        const tcp = (port: number): k8s.types.input.networking.v1.NetworkPolicyPort[] => [{ protocol: "TCP", port }];

        policy("default-deny", "milvus-default-deny-ingress", {}, []);

        const backingClients: NetworkPolicyPeer[] = [{ podSelector: componentIn(args.instance, topology.backingClients) }];
        for (const { component, port } of topology.backingServers) {
            policy(component, `milvus-${component}-ingress`, componentIn(args.instance, [component]), [
                { from: backingClients, ports: tcp(port) },
            ]);
        }

        const servers = topology.milvusServers;
        const serverRules: NetworkPolicyIngressRule[] =
            servers.callers.length === 0
                ? []
                : [{ from: [{ podSelector: componentIn(args.instance, servers.callers) }], ports: tcp(servers.port) }];
        if (servers.metricsPort !== undefined) {
            serverRules.push({
                from: [{ namespaceSelector: { matchLabels: args.monitoringNamespaceSelector } }],
                ports: tcp(servers.metricsPort),
            });
        }
        policy("servers", "milvus-servers-ingress", componentIn(args.instance, servers.components), serverRules);

        const ownNamespace: NetworkPolicyPeer = { podSelector: {} };
        const clientPeers: NetworkPolicyPeer[] = [
            ownNamespace,
            ...(args.clients.namespaceSelector === undefined
                ? []
                : [{ namespaceSelector: { matchLabels: args.clients.namespaceSelector } }]),
            ...args.clients.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ];
        const entryPolicies = [
            ...topology.entryPoints.map((entry) => ({ entry, from: clientPeers })),
            ...topology.internalEntryPoints.map((entry) => ({ entry, from: [ownNamespace] })),
        ];
        for (const { entry, from } of entryPolicies) {
            policy(`${entry.component}-clients`, `milvus-${entry.component}-clients`, componentIn(args.instance, [entry.component]), [
                { from, ports: tcp(entry.port) },
            ]);
        }

        this.registerOutputs({});
    }
}

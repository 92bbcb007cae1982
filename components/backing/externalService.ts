import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { isIpv4 } from "../config/validators";
import { objectLabels } from "../kube/labels";
import { ObjectContext } from "../kube/workloadContext";

/** Arguments of {@link ExternalService}. */
export interface ExternalServiceArgs extends ObjectContext {
    /** The seed's Service name (`milvus-mysql`, ...), kept so config files read the same either way. */
    serviceName: string;
    /** `app.kubernetes.io/component` label: the service's kind (`mysql`, ...). */
    component: string;
    /** The existing server: a DNS name or an IPv4 address. */
    host: string;
    port: number;
    portName: string;
}

/**
 * Gives an existing server outside the program the seed's Service name: an `ExternalName` Service for a DNS
 * name, or a selector-less Service with an EndpointSlice for an IPv4 address.
 */
export class ExternalService extends pulumi.ComponentResource {
    /** `host:port` inside the namespace. */
    readonly endpoint: pulumi.Output<string>;

    constructor(name: string, args: ExternalServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:backing:ExternalService", name, {}, opts);
        const labels = objectLabels(args.instance, args.component);
        const metadata = { name: args.serviceName, namespace: args.namespace, labels };
        const ports = [{ name: args.portName, port: args.port, targetPort: args.port, protocol: "TCP" }];

        if (isIpv4(args.host)) {
            new k8s.core.v1.Service(`${name}-service`, { metadata, spec: { type: "ClusterIP", ports } }, { parent: this });
            new k8s.discovery.v1.EndpointSlice(
                `${name}-endpoints`,
                {
                    metadata: {
                        name: `${args.serviceName}-external`,
                        namespace: args.namespace,
                        labels: { ...labels, "kubernetes.io/service-name": args.serviceName },
                    },
                    addressType: "IPv4",
                    endpoints: [{ addresses: [args.host] }],
                    ports: [{ name: args.portName, port: args.port, protocol: "TCP" }],
                },
                { parent: this },
            );
        } else {
            new k8s.core.v1.Service(
                `${name}-service`,
                { metadata, spec: { type: "ExternalName", externalName: args.host, ports } },
                { parent: this },
            );
        }

        this.endpoint = pulumi.output(`${args.serviceName}:${args.port}`);
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

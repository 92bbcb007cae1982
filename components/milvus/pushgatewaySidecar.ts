import * as k8s from "@pulumi/kubernetes";
import { ContainerResources } from "../config/types";
import { containerResources } from "../kube/containerResources";
import { helperUser, restrictedContainer } from "../kube/podSecurity";

/**
 * Where a 0.10/1.1 server pushes its metrics: a Pushgateway in the same pod. The servers push (they serve no
 * metrics themselves) and take `metric.address` as an IPv4 literal, so a Pushgateway beside each server
 * answers on 127.0.0.1 with no Service address to wire in, and Prometheus scrapes each pod's own.
 */
export const pushgatewayAddress = "127.0.0.1";

/** The Pushgateway container of a server pod, serving what its server pushed on `port` (named `metrics`). */
export function pushgatewaySidecar(args: {
    image: string;
    port: number;
    resources: ContainerResources;
}): k8s.types.input.core.v1.Container {
    const httpProbe = { httpGet: { path: "/-/ready", port: "metrics" } };
    return {
        name: "pushgateway",
        image: args.image,
        args: [`--web.listen-address=:${args.port}`],
        ports: [{ name: "metrics", containerPort: args.port }],
        resources: containerResources(args.resources),
        // The official image runs as nobody and keeps what it receives in memory.
        securityContext: restrictedContainer({ readOnlyRootFilesystem: true, runAsUser: helperUser }),
        readinessProbe: { ...httpProbe, periodSeconds: 10 },
        livenessProbe: { httpGet: { path: "/-/healthy", port: "metrics" }, periodSeconds: 20, failureThreshold: 6 },
    };
}

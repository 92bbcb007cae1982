import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceConnection } from "../backing/serviceConnection";
import { CeleryAppSettings } from "../celery/celeryAppSettings";
import { ImageSet, ProxyConfig, SchedulingConfig } from "../config/types";
import { cpuAutoscaler } from "../kube/cpuAutoscaler";
import { disruptionBudget } from "../kube/disruptionBudget";
import { componentLabels, tierLabels } from "../kube/labels";
import { renderedConfigMap } from "../kube/renderedConfigWorkload";
import { RolloutWait, workloadOptions } from "../kube/rolloutTimeout";
import { WorkloadContext } from "../kube/workloadContext";
import { MilvusRelease, releaseProfiles } from "../release/milvusReleases";
import { renderDotenvFile } from "../render/dotenvFile";
import { mishardsProxy } from "./mishardsProxy";
import { proxyDiscoveryAccess } from "./proxyDiscoveryAccess";
import { ProxyFlavor, proxyConfigKey, proxyConfigMapName, proxyName, proxyServiceName } from "./proxyFlavor";
import { proxyPodTemplate } from "./proxyPod";
import { thriftProxy } from "./thriftProxy";

/** Arguments of {@link MilvusProxy}. */
export interface MilvusProxyArgs extends WorkloadContext, RolloutWait {
    /** The Milvus line: which proxy, how it is configured and which servers it accepts. */
    release: MilvusRelease;
    /** Replicas, resources, Service type, discovery mode, Mishards tuning. */
    proxy: ProxyConfig;
    images: Pick<ImageSet, "proxy" | "configRenderer">;
    /** Client port, the same on the proxy and on every Milvus server. */
    port: number;
    /** Service name of the write-only node (`milvus-wo-servers`). */
    writeNodeHost: string;
    /** The read-only nodes: StatefulSet name, pod labels and replica count. */
    readNodes: { name: string; podSelector: Record<string, string>; replicas: number };
    /** The MySQL metastore Mishards reads table metadata from. */
    metastore: ServiceConnection;
    /** Claim of `milvus-log-disk`. */
    logClaimName: string;
    /** How the proxies spread over nodes. */
    scheduling: SchedulingConfig;
    /**
     * The Celery apps' settings, for the seed's Thrift proxy (which imports the workers' and sidecars' tasks and
     * sends searches through the broker), and what must exist first; unused by Mishards.
     */
    celery?: { apps: CeleryAppSettings; dependsOn: pulumi.Resource[] };
    /** Non-root UID for the proxy image (`security.appRunAsUser`); unset: the image's user. */
    runAsUser?: number;
}

/** The release's proxy: Mishards, or the seed's Thrift proxy (which needs the Celery apps' settings). */
function releaseProxy(args: MilvusProxyArgs): ProxyFlavor {
    const { kind, serverVersions } = releaseProfiles[args.release].proxy;
    if (kind === "mishards") {
        return mishardsProxy({ ...args, serverVersions });
    }
    if (args.celery === undefined) {
        throw new Error("the seed's Thrift proxy needs the Celery apps' settings (MilvusCluster passes them)");
    }
    return thriftProxy({ port: args.port, writeNodeHost: args.writeNodeHost, celery: args.celery });
}

/**
 * The sharding proxy clients talk to: Deployment `milvus-proxy`, Service `milvus-proxy-servers`, ConfigMap
 * `milvus-proxy-configmap`. Which proxy is the release's (its `proxy.kind`): Mishards (mishardsProxy.ts), which
 * with Kubernetes discovery gets a ServiceAccount and a Role (proxyDiscoveryAccess.ts); or the seed's Thrift
 * `proxy_server` (thriftProxy.ts).
 */
export class MilvusProxy extends pulumi.ComponentResource {
    /** `host:port` of the proxy Service inside the cluster. */
    readonly endpoint: pulumi.Output<string>;

    constructor(name: string, args: MilvusProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:proxy:MilvusProxy", name, {}, opts);
        const { labels, selector } = tierLabels(args.instance, componentLabels.proxy);
        const flavor = releaseProxy(args);

        // Both proxies read a `.env`: the ConfigMap is that file and the only source of their settings (no env
        // var may override it), so an edit rolls the pods through the checksum.
        const config = renderedConfigMap(this, `${name}-config`, {
            namespace: args.namespace,
            name: proxyConfigMapName,
            labels,
            data: flavor.settings.apply((s): Record<string, string> => ({ [proxyConfigKey]: renderDotenvFile(flavor.settingsTitle, s) })),
            credentials: flavor.credentials,
        });
        const serviceAccountName = flavor.kubernetesDiscovery
            ? proxyDiscoveryAccess(this, name, { namespace: args.namespace, name: proxyName, labels })
            : undefined;

        const autoscaled = args.proxy.autoscaling.enabled;
        const deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: proxyName, namespace: args.namespace, labels },
                spec: {
                    // With an autoscaler the replica count is its to set; Pulumi leaves the field alone.
                    replicas: autoscaled ? undefined : args.proxy.replicas,
                    // A new proxy is Ready before an old one goes: never fewer ready proxies than wanted.
                    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                    minReadySeconds: 5,
                    selector: { matchLabels: selector },
                    template: proxyPodTemplate({ ...args, flavor, config, labels, selector, serviceAccountName }),
                },
            },
            workloadOptions(this, args.rolloutTimeoutSeconds, { dependsOn: [config.configMap, ...flavor.dependsOn] }),
        );

        disruptionBudget(this, `${name}-disruption-budget`, {
            name: proxyName,
            namespace: args.namespace,
            labels,
            podSelector: selector,
            maxUnavailable: args.proxy.disruptionBudget.maxUnavailable,
        });
        if (autoscaled) {
            cpuAutoscaler(this, `${name}-autoscaler`, {
                name: proxyName,
                namespace: args.namespace,
                labels,
                deploymentName: deployment.metadata.name,
                autoscaling: args.proxy.autoscaling,
            });
        }

        const service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: {
                    name: proxyServiceName,
                    namespace: args.namespace,
                    labels,
                    annotations: args.proxy.serviceAnnotations,
                },
                spec: {
                    type: args.proxy.serviceType,
                    selector,
                    ports: [{ name: "milvus", port: args.port, targetPort: "milvus", nodePort: args.proxy.nodePort }],
                    loadBalancerSourceRanges:
                        args.proxy.loadBalancerSourceRanges.length > 0 ? args.proxy.loadBalancerSourceRanges : undefined,
                },
            },
            { parent: this },
        );
        this.endpoint = pulumi.interpolate`${service.metadata.name}.${args.namespace}.svc.cluster.local:${args.port}`;
        this.registerOutputs({ endpoint: this.endpoint });
    }
}

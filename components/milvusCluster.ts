import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { BackendEndpoints, BackingServices, backingServices, ClusterBackingServices } from "./backing/backingServices";
import { CeleryAppSettings, celeryAppSettings, CeleryConnections } from "./celery/celeryAppSettings";
import { CeleryWorkflow } from "./celery/celeryWorkflow";
import { serverSidecar } from "./celery/serverSidecar";
import { RolledWorkload, rolloutTimeouts } from "./config/rolloutTimeouts";
import { MilvusClusterSettings } from "./config/clusterSettings";
import { parseClusterConfig } from "./config/parseClusterConfig";
import { ClusterConfig } from "./config/types";
import { NvidiaDevicePlugin } from "./gpu/nvidiaDevicePlugin";
import { objectLabels } from "./kube/labels";
import { WorkloadContext } from "./kube/workloadContext";
import { MetricsServiceMonitor } from "./milvus/metricsServiceMonitor";
import { ReadNodes } from "./milvus/readNodes";
import { SharedVolumes } from "./milvus/sharedVolumes";
import { MilvusServerSpec } from "./milvus/milvusServerSpec";
import { WriteNode, writerRole } from "./milvus/writeNode";
import { NetworkIsolation } from "./network/networkIsolation";
import { networkTopology } from "./network/networkTopology";
import { MilvusProxy } from "./proxy/milvusProxy";
import { releaseProfiles } from "./release/milvusReleases";

/**
 * Arguments of {@link MilvusCluster}: the cluster's settings as the stack config spells them, every key optional
 * (README, "Keys"). The constructor fills the defaults and checks the rules with `parseClusterConfig`, as the
 * stack does, and throws a `ConfigError` listing every problem. The `kubernetes` provider settings are not read
 * here: pass a provider in `opts.providers`.
 */
export type MilvusClusterArgs = Omit<MilvusClusterSettings, "kubernetes"> & {
    /**
     * Refuses a parsed `ClusterConfig` where settings belong, at compile time: these are two of its keys that
     * are not settings (the release is `milvus.release`; the Celery tier's keys are `monitor`, `workers`,
     * `sidecars`, `flower`). Without them the parser would refuse it only at run time, as unknown keys.
     */
    release?: never;
    celery?: never;
};

/** What every tier of one cluster is built from. */
interface ClusterWiring {
    /** The component's name: the prefix of every child's name and the pods' `app.kubernetes.io/instance`. */
    name: string;
    config: ClusterConfig;
    /** The namespace, instance and pull secrets every workload takes. */
    context: WorkloadContext;
    /** How long `pulumi up` waits for each workload's roll. */
    timeouts: Record<RolledWorkload, number>;
}

/** The seed's Celery tier: its workflow (monitor, workers, Flower) and the settings every Celery app reads. */
interface DeployedCeleryTier {
    workflow: CeleryWorkflow;
    apps: CeleryAppSettings;
}

/**
 * A whole Milvus cluster on Kubernetes: the namespace, the NVIDIA device plugin, the backing services
 * (MySQL, Redis, object storage, the chosen Celery broker), the write-only node, the read-only nodes, the
 * sharding proxy and the Celery workflow tier; or, in single mode, one Milvus server.
 */
export class MilvusCluster extends pulumi.ComponentResource {
    /** The namespace everything runs in. */
    readonly namespace: pulumi.Output<string>;
    /** In-cluster `host:port` clients connect to: the proxy (cluster mode) or the server (single mode). */
    readonly proxyEndpoint: pulumi.Output<string>;
    /** In-cluster `host:port` of the write-only node (single mode: the server). */
    readonly writeNodeEndpoint: pulumi.Output<string>;
    /** Flower's URL, when Flower is deployed. */
    readonly flowerUrl: pulumi.Output<string | undefined>;
    /** The Celery broker's URL with its password shown as `****`, when the Celery tier is deployed. */
    readonly celeryBrokerUrl: pulumi.Output<string | undefined>;
    /** `host:port` of each backing service in use, by role (see {@link BackendEndpoints}). */
    readonly backendEndpoints: pulumi.Output<BackendEndpoints>;

    constructor(name: string, args: MilvusClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        // Refuses bad settings (a ConfigError listing every problem) before anything is registered, this too.
        const config = parseClusterConfig(args);
        super("milvus-cluster:index:MilvusCluster", name, {}, opts);
        const namespace = this.declareNamespace(name, config);
        // Each workload waits as long as its roll needs (README "Rollouts"); one-pod workloads by default.
        const timeouts = rolloutTimeouts(config);
        const context: WorkloadContext = { namespace, instance: name, imagePullSecrets: config.imagePullSecrets };
        const wiring: ClusterWiring = { name, config, context, timeouts };

        if (config.gpu.enabled && config.gpu.devicePlugin.enabled) {
            this.deployDevicePlugin(wiring);
        }
        // Only the backing services the chosen backends use; the tiers get typed connections to them.
        const backing = backingServices(name, config, { ...context, rolloutTimeoutSeconds: timeouts.backingServer }, this);
        const volumes = this.deploySharedVolumes(wiring, backing);
        const server = this.serverSpec(wiring, backing, volumes);
        const writeNode = this.deployWriteNode(wiring, server);
        // The seed's Celery tier comes first: the read-only servers' sidecars and the Thrift proxy read its settings.
        const celery = backing.mode === "cluster" && backing.celery ? this.deployCeleryTier(wiring, backing.celery) : undefined;
        const proxy =
            backing.mode === "cluster" ? this.deployReadNodesAndProxy(wiring, backing, server, writeNode, volumes, celery) : undefined;
        if (config.networkPolicies.enabled) {
            this.deployNetworkIsolation(wiring, backing);
        }
        if (config.metrics.enabled && config.metrics.serviceMonitor) {
            this.deployServiceMonitor(wiring);
        }

        this.namespace = pulumi.output(namespace);
        this.writeNodeEndpoint = writeNode.endpoint;
        this.proxyEndpoint = proxy?.endpoint ?? pulumi.interpolate`${writeNode.host}.${namespace}.svc.cluster.local:${config.milvus.port}`;
        this.flowerUrl = celery?.workflow.flowerUrl ?? pulumi.output(undefined);
        this.celeryBrokerUrl = pulumi.output(celery?.apps.brokerDisplayUrl);
        this.backendEndpoints = backing.endpoints;
        this.registerOutputs({
            namespace: this.namespace,
            proxyEndpoint: this.proxyEndpoint,
            writeNodeEndpoint: this.writeNodeEndpoint,
            flowerUrl: this.flowerUrl,
            celeryBrokerUrl: this.celeryBrokerUrl,
            backendEndpoints: this.backendEndpoints,
        });
    }

    /** The namespace, created when `createNamespace` says so. */
    private declareNamespace(name: string, config: ClusterConfig): pulumi.Input<string> {
        if (!config.createNamespace) {
            return config.namespace;
        }
        // Retained claims need their namespace retained too, or deleting the namespace would take them along.
        const { protect, retainOnDelete } = config.protection;
        return new k8s.core.v1.Namespace(
            `${name}-namespace`,
            { metadata: { name: config.namespace, labels: objectLabels(name, "namespace") } },
            { parent: this, protect, retainOnDelete },
        ).metadata.name;
    }

    private deployDevicePlugin({ name, config, context, timeouts }: ClusterWiring): void {
        new NvidiaDevicePlugin(
            `${name}-nvidia-device-plugin`,
            {
                ...context,
                namespace: config.gpu.devicePlugin.namespace,
                image: config.images.devicePlugin,
                nodeSelector: config.gpu.nodeSelector,
                resourceName: config.gpu.resourceName,
                rolloutTimeoutSeconds: timeouts.devicePlugin,
            },
            { parent: this },
        );
    }

    /** The servers' log claim, and their data claim unless segments go to object storage. */
    private deploySharedVolumes({ name, config, context }: ClusterWiring, backing: BackingServices): SharedVolumes {
        return new SharedVolumes(
            `${name}-volumes`,
            {
                namespace: context.namespace,
                instance: context.instance,
                logs: config.volumes.logs,
                data: backing.objectStorage === undefined ? config.volumes.data : undefined,
                protection: config.protection,
            },
            { parent: this },
        );
    }

    /** What every Milvus server of this cluster shares, whatever its tier. */
    private serverSpec({ config }: ClusterWiring, backing: BackingServices, volumes: SharedVolumes): MilvusServerSpec {
        return {
            release: config.release,
            tuning: config.milvus,
            gpu: config.gpu,
            metricsEnabled: config.metrics.enabled,
            images: config.images,
            metastore: backing.metastore,
            objectStorage: backing.objectStorage,
            volumes: { logClaimName: volumes.logClaimName, dataClaimName: volumes.dataClaimName },
            runAsUser: config.security.appRunAsUser,
        };
    }

    /** The write-only node, or in single mode the one server. */
    private deployWriteNode({ name, config, context, timeouts }: ClusterWiring, server: MilvusServerSpec): WriteNode {
        return new WriteNode(
            `${name}-write-node`,
            {
                ...context,
                role: writerRole(config.mode),
                server,
                pods: config.writeNode,
                rolloutTimeoutSeconds: timeouts.writeNode,
            },
            { parent: this },
        );
    }

    private deployCeleryTier({ name, config, context, timeouts }: ClusterWiring, stores: CeleryConnections): DeployedCeleryTier {
        const apps = celeryAppSettings(stores, config.celery.serversMonitorKey);
        const workflow = new CeleryWorkflow(
            `${name}-celery`,
            {
                ...context,
                celery: config.celery,
                images: config.images,
                apps,
                runAsUser: config.security.appRunAsUser,
                rolloutTimeouts: { monitor: timeouts.monitor, workers: timeouts.workers, flower: timeouts.flower },
            },
            { parent: this },
        );
        return { workflow, apps };
    }

    /** The read-only nodes (with their Celery sidecars on the seed's line) and the proxy in front of them. */
    private deployReadNodesAndProxy(
        { name, config, context, timeouts }: ClusterWiring,
        backing: ClusterBackingServices,
        server: MilvusServerSpec,
        writeNode: WriteNode,
        volumes: SharedVolumes,
        celery: DeployedCeleryTier | undefined,
    ): MilvusProxy {
        const readNodes = new ReadNodes(
            `${name}-read-nodes`,
            {
                ...context,
                server,
                tier: config.readNodes,
                scheduling: config.scheduling,
                rolloutTimeoutSeconds: timeouts.readNodes,
                sidecar:
                    celery === undefined
                        ? undefined
                        : serverSidecar(celery.workflow.config, {
                              image: config.images.celeryApps,
                              serverPort: config.milvus.port,
                              resources: config.celery.sidecar.resources,
                          }),
            },
            { parent: this },
        );
        return new MilvusProxy(
            `${name}-proxy`,
            {
                ...context,
                release: config.release,
                proxy: config.proxy,
                images: config.images,
                port: config.milvus.port,
                writeNodeHost: writeNode.host,
                readNodes: { name: readNodes.name, podSelector: readNodes.podSelector, replicas: config.readNodes.replicas },
                metastore: backing.metastore,
                logClaimName: volumes.logClaimName,
                scheduling: config.scheduling,
                celery: celery === undefined ? undefined : { apps: celery.apps, dependsOn: [celery.workflow.config.configMap] },
                runAsUser: config.security.appRunAsUser,
                rolloutTimeoutSeconds: timeouts.proxy,
            },
            { parent: this },
        );
    }

    /** Default-deny NetworkPolicies, then the traffic {@link networkTopology} says the deployed tiers need. */
    private deployNetworkIsolation({ name, config, context }: ClusterWiring, backing: BackingServices): void {
        const topology = networkTopology({
            tiers:
                backing.mode === "single"
                    ? { mode: "single" }
                    : { mode: "cluster", celery: backing.celery && { flower: config.celery.flower.enabled } },
            milvusPort: config.milvus.port,
            metricsPort: config.metrics.enabled ? config.milvus.metricsPort : undefined,
            backingServers: backing.serverPods,
        });
        new NetworkIsolation(
            `${name}-network`,
            {
                namespace: context.namespace,
                instance: context.instance,
                topology,
                clients: { namespaceSelector: config.networkPolicies.clientNamespaceSelector, cidrs: config.networkPolicies.clientCidrs },
                monitoringNamespaceSelector: config.networkPolicies.monitoringNamespaceSelector,
            },
            { parent: this },
        );
    }

    private deployServiceMonitor({ name, config, context }: ClusterWiring): void {
        new MetricsServiceMonitor(
            `${name}-metrics`,
            {
                namespace: context.namespace,
                instance: context.instance,
                labels: config.metrics.serviceMonitorLabels,
                interval: config.metrics.scrapeInterval,
                // What a server pushed carries its own job and instance labels: keep them.
                honorLabels: releaseProfiles[config.release].metrics === "push",
            },
            { parent: this },
        );
    }
}

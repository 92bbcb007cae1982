import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ObjectStorage } from "./backing/objectStorage";
import { backingServicesInUse } from "./config/backingServicesInUse";
import { BackingService, MongoDb, MySql, PostgreSql, RabbitMq, Redis } from "./backing/backingService";
import { CeleryAppSettings, celeryAppSettings } from "./celery/celeryAppSettings";
import { CeleryWorkflow, flowerPort } from "./celery/celeryWorkflow";
import { serverSidecar } from "./celery/serverSidecar";
import { brokerUrl } from "./render/connectionUrls";
import { helperContainerResources } from "./config/defaults";
import { rolloutTimeouts } from "./config/rolloutTimeouts";
import { MilvusClusterSettings } from "./config/clusterSettings";
import { parseClusterConfig } from "./config/parseClusterConfig";
import { DataProtection, MqBackend, ResultBackend } from "./config/types";
import { NvidiaDevicePlugin } from "./gpu/nvidiaDevicePlugin";
import { componentLabels, objectLabels } from "./kube/labels";
import { MetricsServiceMonitor } from "./milvus/metricsServiceMonitor";
import { ReadNodes } from "./milvus/readNodes";
import { SharedVolumes } from "./milvus/sharedVolumes";
import { WriteNode } from "./milvus/writeNode";
import { NetworkIsolation } from "./network/networkIsolation";
import { MilvusProxy } from "./proxy/milvusProxy";
import { ServiceConnection } from "./render/serviceConnection";
import { releaseProfiles } from "./release/milvusReleases";

/**
 * Arguments of {@link MilvusCluster}: the cluster's settings as the stack config spells them, every key optional
 * (README, "Keys"). The constructor fills the defaults and checks the rules with `parseClusterConfig`, as the
 * stack does, and throws a `ConfigError` listing every problem. The `kubernetes` provider settings are not read
 * here: pass a provider in `opts.providers`.
 */
export type MilvusClusterArgs = Omit<MilvusClusterSettings, "kubernetes">;

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
    /** `host:port` of each backing service in use, by role (metastore, cache, objectStorage, broker, ...). */
    readonly backendEndpoints: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: MilvusClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:index:MilvusCluster", name, {}, opts);
        const config = parseClusterConfig(args);
        const cluster = config.mode === "cluster";
        // Each workload waits as long as its roll needs (README "Rollouts"); one-pod workloads by default.
        const timeouts = rolloutTimeouts(config);
        const common = {
            instance: name,
            imagePullSecrets: config.imagePullSecrets,
            rolloutTimeoutSeconds: timeouts.backingServer,
        };
        // Retained claims need their namespace retained too, or deleting the namespace would take them along.
        // Each backing service protects its server only where it keeps data (`persistence`), its password always.
        const protection: DataProtection = config.protection;
        const namespace: pulumi.Input<string> = config.createNamespace
            ? new k8s.core.v1.Namespace(
                  `${name}-namespace`,
                  { metadata: { name: config.namespace, labels: objectLabels(name, "namespace") } },
                  { parent: this, protect: protection.protect, retainOnDelete: protection.retainOnDelete },
              ).metadata.name
            : config.namespace;
        const inNamespace = { ...common, namespace };

        if (config.gpu.enabled && config.gpu.devicePlugin.enabled) {
            new NvidiaDevicePlugin(
                `${name}-nvidia-device-plugin`,
                {
                    ...common,
                    namespace: config.gpu.devicePlugin.namespace,
                    image: config.images.devicePlugin,
                    nodeSelector: config.gpu.nodeSelector,
                    resourceName: config.gpu.resourceName,
                    rolloutTimeoutSeconds: timeouts.devicePlugin,
                },
                { parent: this },
            );
        }

        // Backing services: only those the chosen backends use.
        const endpoints: Record<string, pulumi.Output<string>> = {};
        const inUse = backingServicesInUse(config);
        const mysql = inUse.has("mysql")
            ? new MySql(`${name}-mysql`, { ...inNamespace, config: config.mysql, protection }, { parent: this })
            : undefined;
        if (mysql !== undefined) {
            endpoints.metastore = mysql.endpoint;
        }
        const redis = inUse.has("redis")
            ? new Redis(`${name}-redis`, { ...inNamespace, config: config.redis, protection }, { parent: this })
            : undefined;
        if (redis !== undefined) {
            endpoints.cache = redis.endpoint;
        }
        const brokerServices: Partial<Record<MqBackend | ResultBackend, BackingService>> = {};
        if (inUse.has("rabbitmq")) {
            brokerServices.rabbitmq = new RabbitMq(
                `${name}-rabbitmq`,
                { ...inNamespace, config: config.rabbitmq, protection },
                { parent: this },
            );
        }
        if (inUse.has("postgresql")) {
            brokerServices.postgresql = new PostgreSql(
                `${name}-postgresql`,
                { ...inNamespace, config: config.postgresql, protection },
                { parent: this },
            );
        }
        if (inUse.has("mongodb")) {
            brokerServices.mongodb = new MongoDb(
                `${name}-mongodb`,
                { ...inNamespace, config: config.mongodb, protection },
                { parent: this },
            );
        }
        const objectStorage =
            config.storage.backend === "s3"
                ? new ObjectStorage(
                      `${name}-object-storage`,
                      {
                          ...inNamespace,
                          s3: config.storage.s3,
                          minio: config.minio,
                          minioClientImage: config.images.minioClient,
                          helperResources: helperContainerResources,
                          protection,
                      },
                      { parent: this },
                  )
                : undefined;
        if (objectStorage !== undefined) {
            endpoints.objectStorage = objectStorage.endpoint;
        }

        const volumes = new SharedVolumes(
            `${name}-volumes`,
            {
                ...inNamespace,
                logs: config.volumes.logs,
                data: objectStorage === undefined ? config.volumes.data : undefined,
                protection,
            },
            { parent: this },
        );
        const serverArgs = {
            ...inNamespace,
            release: config.release,
            tuning: config.milvus,
            gpu: config.gpu,
            metricsEnabled: config.metrics.enabled,
            images: config.images,
            metastore: mysql?.connection,
            objectStorage: objectStorage?.connection,
            volumes: { logClaimName: volumes.logClaimName, dataClaimName: volumes.dataClaimName },
            runAsUser: config.security.appRunAsUser,
        };
        const writeNode = new WriteNode(
            `${name}-write-node`,
            {
                ...serverArgs,
                serverMode: config.mode,
                resources: config.writeNode.resources,
                priorityClassName: config.writeNode.priorityClassName,
                podAnnotations: config.writeNode.podAnnotations,
                rolloutTimeoutSeconds: timeouts.writeNode,
            },
            { parent: this },
        );
        this.writeNodeEndpoint = writeNode.endpoint;
        this.proxyEndpoint = pulumi.interpolate`${writeNode.host}.${namespace}.svc.cluster.local:${config.milvus.port}`;
        this.flowerUrl = pulumi.output(undefined);

        const withCeleryTier = cluster && releaseProfiles[config.release].celeryTier;
        // The seed's Celery tier comes first: the read-only servers' sidecars and the Thrift proxy read its settings.
        let celery: { workflow: CeleryWorkflow; apps: CeleryAppSettings } | undefined;
        if (withCeleryTier) {
            if (mysql === undefined || redis === undefined) {
                throw new Error("the Celery tier needs MySQL and Redis (backingServicesInUse always deploys them with it)");
            }
            const connectionOf = (kind: MqBackend | ResultBackend): ServiceConnection =>
                kind === "redis" ? redis.connection : kind === "mysql" ? mysql.connection : brokerServices[kind]!.connection;
            const apps = celeryAppSettings({
                mq: config.mq,
                metastore: mysql.connection,
                redis: redis.connection,
                broker: connectionOf(config.mq.backend),
                resultBackend: connectionOf(config.mq.resultBackend),
                serversMonitorKey: config.celery.serversMonitorKey,
            });
            const workflow = new CeleryWorkflow(
                `${name}-celery`,
                {
                    ...inNamespace,
                    celery: config.celery,
                    images: config.images,
                    apps,
                    brokerDisplayUrl: brokerUrl(config.mq.backend, apps.broker, "****"),
                    runAsUser: config.security.appRunAsUser,
                    rolloutTimeouts: { monitor: timeouts.monitor, workers: timeouts.workers, flower: timeouts.flower },
                },
                { parent: this },
            );
            celery = { workflow, apps };
            this.flowerUrl = workflow.flowerUrl ?? pulumi.output(undefined);
            endpoints.broker = workflow.brokerDisplayUrl;
            for (const [kind, service] of Object.entries(brokerServices)) {
                endpoints[kind] = service.endpoint;
            }
        }

        if (cluster) {
            if (mysql === undefined) {
                throw new Error("cluster mode needs the MySQL metastore (parseClusterConfig refuses anything else)");
            }
            const readNodes = new ReadNodes(
                `${name}-read-nodes`,
                {
                    ...serverArgs,
                    replicas: config.readNodes.replicas,
                    resources: config.readNodes.resources,
                    priorityClassName: config.readNodes.priorityClassName,
                    scheduling: config.scheduling,
                    disruptionBudget: config.readNodes.disruptionBudget,
                    maxUnavailable: config.readNodes.maxUnavailable,
                    podAnnotations: config.readNodes.podAnnotations,
                    rolloutTimeoutSeconds: timeouts.readNodes,
                    sidecar:
                        celery === undefined
                            ? undefined
                            : serverSidecar(celery, {
                                  image: config.images.celeryApps,
                                  serverPort: config.milvus.port,
                                  resources: config.celery.sidecar.resources,
                              }),
                },
                { parent: this },
            );
            const proxy = new MilvusProxy(
                `${name}-proxy`,
                {
                    ...inNamespace,
                    release: config.release,
                    proxy: config.proxy,
                    images: config.images,
                    port: config.milvus.port,
                    writeNodeHost: writeNode.host,
                    readNodes: { name: readNodes.name, podSelector: readNodes.podSelector, replicas: config.readNodes.replicas },
                    metastore: mysql.connection,
                    logClaimName: volumes.logClaimName,
                    scheduling: config.scheduling,
                    celery: celery === undefined ? undefined : { apps: celery.apps, dependsOn: [celery.workflow.configMap] },
                    runAsUser: config.security.appRunAsUser,
                    rolloutTimeoutSeconds: timeouts.proxy,
                },
                { parent: this },
            );
            this.proxyEndpoint = proxy.endpoint;
        }

        if (config.networkPolicies.enabled) {
            const backingServers = [mysql, redis, objectStorage, ...Object.values(brokerServices)].flatMap(
                (service) => service?.serverPods ?? [],
            );
            const servers = cluster ? [componentLabels.writeNode, componentLabels.readNodes] : [componentLabels.singleServer];
            const celeryTier = withCeleryTier ? [componentLabels.monitor, componentLabels.workers, componentLabels.flower] : [];
            new NetworkIsolation(
                `${name}-network`,
                {
                    namespace,
                    instance: name,
                    backingServers,
                    backingClients: [...servers, componentLabels.proxy, ...celeryTier, componentLabels.makeBucket],
                    milvusServers: {
                        components: servers,
                        port: config.milvus.port,
                        callers: cluster ? [componentLabels.proxy, ...celeryTier] : [],
                        metricsPort: config.metrics.enabled ? config.milvus.metricsPort : undefined,
                    },
                    entryPoints: [
                        { component: cluster ? componentLabels.proxy : componentLabels.singleServer, port: config.milvus.port },
                    ],
                    internalEntryPoints:
                        withCeleryTier && config.celery.flower.enabled ? [{ component: componentLabels.flower, port: flowerPort }] : [],
                    clients: {
                        namespaceSelector: config.networkPolicies.clientNamespaceSelector,
                        cidrs: config.networkPolicies.clientCidrs,
                    },
                    monitoringNamespaceSelector: config.networkPolicies.monitoringNamespaceSelector,
                },
                { parent: this },
            );
        }

        if (config.metrics.enabled && config.metrics.serviceMonitor) {
            new MetricsServiceMonitor(
                `${name}-metrics`,
                {
                    ...inNamespace,
                    labels: config.metrics.serviceMonitorLabels,
                    interval: config.metrics.scrapeInterval,
                    // What a server pushed carries its own job and instance labels: keep them.
                    honorLabels: releaseProfiles[config.release].metrics === "push",
                },
                { parent: this },
            );
        }

        this.namespace = pulumi.output(namespace);
        this.backendEndpoints = pulumi.output(endpoints);
        this.registerOutputs({
            namespace: this.namespace,
            proxyEndpoint: this.proxyEndpoint,
            writeNodeEndpoint: this.writeNodeEndpoint,
            flowerUrl: this.flowerUrl,
            backendEndpoints: this.backendEndpoints,
        });
    }
}

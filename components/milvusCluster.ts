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
import { ClusterConfig, DataProtection, MqBackend, ResultBackend } from "./config/types";
import { NvidiaDevicePlugin } from "./gpu/nvidiaDevicePlugin";
import { componentLabels, objectLabels } from "./kube/labels";
import { MetricsServiceMonitor } from "./milvus/metricsServiceMonitor";
import { ReadNodes } from "./milvus/readNodes";
import { SharedVolumes } from "./milvus/sharedVolumes";
import { MilvusServerSpec } from "./milvus/milvusServerSpec";
import { WriteNode, writerRole } from "./milvus/writeNode";
import { NetworkIsolation } from "./network/networkIsolation";
import { MilvusProxy } from "./proxy/milvusProxy";
import { ServiceConnection } from "./backing/serviceConnection";
import { releaseProfiles } from "./release/milvusReleases";

/**
 * Arguments of {@link MilvusCluster}: the validated config, as `parseClusterConfig` returns it (which also
 * fills defaults, so another program can pass a partial object through it). The `kubernetes` provider
 * settings are not read here: pass a provider in `opts.providers`.
 */
export type MilvusClusterArgs = Omit<ClusterConfig, "kubernetes">;

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
        const cluster = args.mode === "cluster";
        // Each workload waits as long as its roll needs (README "Rollouts"); one-pod workloads by default.
        const timeouts = rolloutTimeouts(args);
        const common = {
            instance: name,
            imagePullSecrets: args.imagePullSecrets,
            rolloutTimeoutSeconds: timeouts.backingServer,
        };
        // Retained claims need their namespace retained too, or deleting the namespace would take them along.
        // Each backing service protects its server only where it keeps data (`persistence`), its password always.
        const protection: DataProtection = args.protection;
        const namespace: pulumi.Input<string> = args.createNamespace
            ? new k8s.core.v1.Namespace(
                  `${name}-namespace`,
                  { metadata: { name: args.namespace, labels: objectLabels(name, "namespace") } },
                  { parent: this, protect: protection.protect, retainOnDelete: protection.retainOnDelete },
              ).metadata.name
            : args.namespace;
        const inNamespace = { ...common, namespace };

        if (args.gpu.enabled && args.gpu.devicePlugin.enabled) {
            new NvidiaDevicePlugin(
                `${name}-nvidia-device-plugin`,
                {
                    ...common,
                    namespace: args.gpu.devicePlugin.namespace,
                    image: args.images.devicePlugin,
                    nodeSelector: args.gpu.nodeSelector,
                    resourceName: args.gpu.resourceName,
                    rolloutTimeoutSeconds: timeouts.devicePlugin,
                },
                { parent: this },
            );
        }

        // Backing services: only those the chosen backends use.
        const endpoints: Record<string, pulumi.Output<string>> = {};
        const inUse = backingServicesInUse(args);
        const mysql = inUse.has("mysql")
            ? new MySql(`${name}-mysql`, { ...inNamespace, config: args.mysql, protection }, { parent: this })
            : undefined;
        if (mysql !== undefined) {
            endpoints.metastore = mysql.endpoint;
        }
        const redis = inUse.has("redis")
            ? new Redis(`${name}-redis`, { ...inNamespace, config: args.redis, protection }, { parent: this })
            : undefined;
        if (redis !== undefined) {
            endpoints.cache = redis.endpoint;
        }
        const brokerServices: Partial<Record<MqBackend | ResultBackend, BackingService>> = {};
        if (inUse.has("rabbitmq")) {
            brokerServices.rabbitmq = new RabbitMq(
                `${name}-rabbitmq`,
                { ...inNamespace, config: args.rabbitmq, protection },
                { parent: this },
            );
        }
        if (inUse.has("postgresql")) {
            brokerServices.postgresql = new PostgreSql(
                `${name}-postgresql`,
                { ...inNamespace, config: args.postgresql, protection },
                { parent: this },
            );
        }
        if (inUse.has("mongodb")) {
            brokerServices.mongodb = new MongoDb(
                `${name}-mongodb`,
                { ...inNamespace, config: args.mongodb, protection },
                { parent: this },
            );
        }
        const objectStorage =
            args.storage.backend === "s3"
                ? new ObjectStorage(
                      `${name}-object-storage`,
                      {
                          ...inNamespace,
                          s3: args.storage.s3,
                          minio: args.minio,
                          minioClientImage: args.images.minioClient,
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
                logs: args.volumes.logs,
                data: objectStorage === undefined ? args.volumes.data : undefined,
                protection,
            },
            { parent: this },
        );
        const server: MilvusServerSpec = {
            release: args.release,
            tuning: args.milvus,
            gpu: args.gpu,
            metricsEnabled: args.metrics.enabled,
            images: args.images,
            metastore: mysql?.connection,
            objectStorage: objectStorage?.connection,
            volumes: { logClaimName: volumes.logClaimName, dataClaimName: volumes.dataClaimName },
            runAsUser: args.security.appRunAsUser,
        };
        const writeNode = new WriteNode(
            `${name}-write-node`,
            { ...inNamespace, role: writerRole(args.mode), server, pods: args.writeNode, rolloutTimeoutSeconds: timeouts.writeNode },
            { parent: this },
        );
        this.writeNodeEndpoint = writeNode.endpoint;
        this.proxyEndpoint = pulumi.interpolate`${writeNode.host}.${namespace}.svc.cluster.local:${args.milvus.port}`;
        this.flowerUrl = pulumi.output(undefined);

        const withCeleryTier = cluster && releaseProfiles[args.release].celeryTier;
        // The seed's Celery tier comes first: the read-only servers' sidecars and the Thrift proxy read its settings.
        let celery: { workflow: CeleryWorkflow; apps: CeleryAppSettings } | undefined;
        if (withCeleryTier) {
            if (mysql === undefined || redis === undefined) {
                throw new Error("the Celery tier needs MySQL and Redis (backingServicesInUse always deploys them with it)");
            }
            const connectionOf = (kind: MqBackend | ResultBackend): ServiceConnection =>
                kind === "redis" ? redis.connection : kind === "mysql" ? mysql.connection : brokerServices[kind]!.connection;
            const apps = celeryAppSettings({
                mq: args.mq,
                metastore: mysql.connection,
                redis: redis.connection,
                broker: connectionOf(args.mq.backend),
                resultBackend: connectionOf(args.mq.resultBackend),
                serversMonitorKey: args.celery.serversMonitorKey,
            });
            const workflow = new CeleryWorkflow(
                `${name}-celery`,
                {
                    ...inNamespace,
                    celery: args.celery,
                    images: args.images,
                    apps,
                    brokerDisplayUrl: brokerUrl(args.mq.backend, apps.broker, "****"),
                    runAsUser: args.security.appRunAsUser,
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
                    ...inNamespace,
                    server,
                    tier: args.readNodes,
                    scheduling: args.scheduling,
                    rolloutTimeoutSeconds: timeouts.readNodes,
                    sidecar:
                        celery === undefined
                            ? undefined
                            : serverSidecar(celery, {
                                  image: args.images.celeryApps,
                                  serverPort: args.milvus.port,
                                  resources: args.celery.sidecar.resources,
                              }),
                },
                { parent: this },
            );
            const proxy = new MilvusProxy(
                `${name}-proxy`,
                {
                    ...inNamespace,
                    release: args.release,
                    proxy: args.proxy,
                    images: args.images,
                    port: args.milvus.port,
                    writeNodeHost: writeNode.host,
                    readNodes: { name: readNodes.name, podSelector: readNodes.podSelector, replicas: args.readNodes.replicas },
                    metastore: mysql.connection,
                    logClaimName: volumes.logClaimName,
                    scheduling: args.scheduling,
                    celery: celery === undefined ? undefined : { apps: celery.apps, dependsOn: [celery.workflow.config.configMap] },
                    runAsUser: args.security.appRunAsUser,
                    rolloutTimeoutSeconds: timeouts.proxy,
                },
                { parent: this },
            );
            this.proxyEndpoint = proxy.endpoint;
        }

        if (args.networkPolicies.enabled) {
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
                        port: args.milvus.port,
                        callers: cluster ? [componentLabels.proxy, ...celeryTier] : [],
                        metricsPort: args.metrics.enabled ? args.milvus.metricsPort : undefined,
                    },
                    entryPoints: [
                        { component: cluster ? componentLabels.proxy : componentLabels.singleServer, port: args.milvus.port },
                    ],
                    internalEntryPoints:
                        withCeleryTier && args.celery.flower.enabled ? [{ component: componentLabels.flower, port: flowerPort }] : [],
                    clients: {
                        namespaceSelector: args.networkPolicies.clientNamespaceSelector,
                        cidrs: args.networkPolicies.clientCidrs,
                    },
                    monitoringNamespaceSelector: args.networkPolicies.monitoringNamespaceSelector,
                },
                { parent: this },
            );
        }

        if (args.metrics.enabled && args.metrics.serviceMonitor) {
            new MetricsServiceMonitor(
                `${name}-metrics`,
                {
                    ...inNamespace,
                    labels: args.metrics.serviceMonitorLabels,
                    interval: args.metrics.scrapeInterval,
                    // What a server pushed carries its own job and instance labels: keep them.
                    honorLabels: releaseProfiles[args.release].metrics === "push",
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

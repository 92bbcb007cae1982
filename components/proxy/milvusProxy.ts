import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ImageSet, ProxyConfig, SchedulingConfig } from "../config/types";
import { helperContainerResources } from "../config/defaults";
import { configRendering, CredentialEnvVar } from "../kube/configRendering";
import { containerResources } from "../kube/containerResources";
import { cpuAutoscaler } from "../kube/cpuAutoscaler";
import { disruptionBudget } from "../kube/disruptionBudget";
import { imageLimitExemptions, restrictedContainer, restrictedPod, milvusImageRunsAsRoot } from "../kube/podSecurity";
import { spreadEvenly } from "../kube/topologySpread";
import { componentLabels, labelSelectorString, objectLabels, selectorLabels } from "../kube/labels";
import { configChecksum } from "../render/checksum";
import { proxyDbUri } from "../render/connectionUrls";
import { credentialEnv, placeholder } from "../render/placeholders";
import { proxySettings } from "../render/proxySettings";
import { ServiceConnection } from "../render/serviceConnection";
import { podTemplateAnnotations } from "../kube/podTemplateAnnotations";
import { rolloutTimeout } from "../kube/rolloutTimeout";
import { renderDotenvFile } from "../render/dotenvFile";
import { MilvusRelease, releaseProfiles } from "../release/milvusReleases";
import { CeleryAppSettings } from "../celery/celeryAppSettings";
import { appsDir, proxyCommand } from "../celery/seedCeleryApps";
import { thriftProxySettings } from "../render/thriftProxySettings";
import { proxyName } from "../../policy/lib/sharedNames";

/** Arguments of {@link MilvusProxy}. */
export interface MilvusProxyArgs {
    /** The Milvus line: which Mishards, how it is configured and which servers it accepts. */
    release: MilvusRelease;
    namespace: pulumi.Input<string>;
    instance: string;
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
    imagePullSecrets: string[];
    rolloutTimeoutSeconds: number;
}

/**
 * How the seed's Thrift proxy retries a failed call to the write-only server (THRIFTCLIENT_RETRY_TIME) and
 * after how many good calls one retry is forgiven (THRIFTCLIENT_NORMAL_TIME; ConnectionHandler.py:88-93).
 */
const thriftClientRetries = { retryTimes: 3, normalTimes: 10 };

export const serviceName = "milvus-proxy-servers";
export const configMapName = "milvus-proxy-configmap";
export const configFile = "milvus_proxy_config.yml";
/** Where the proxy writes logs: its own directory on `milvus-log-disk`. */
const proxyLogPath = "/var/log/milvus-proxy";

/**
 * The sharding proxy clients talk to: Deployment `milvus-proxy`, Service `milvus-proxy-servers`, ConfigMap
 * `milvus-proxy-configmap`. Which proxy is the release's (its `proxy.kind`): Mishards, which with Kubernetes
 * discovery gets a ServiceAccount and a Role that can only get and list pods and list and watch events in
 * its own namespace (what its discovery plugin calls); or the seed's Thrift `proxy_server` (0.4), one of the Celery apps, which writes to the write-only
 * server and runs searches as Celery workflows.
 */
export class MilvusProxy extends pulumi.ComponentResource {
    /** `host:port` of the proxy Service inside the cluster. */
    readonly endpoint: pulumi.Output<string>;
    readonly serviceName: pulumi.Output<string>;
    readonly serviceType: pulumi.Output<string>;

    constructor(name: string, args: MilvusProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:proxy:MilvusProxy", name, {}, opts);
        const labels = objectLabels(args.instance, componentLabels.proxy);
        const selector = selectorLabels(args.instance, componentLabels.proxy);
        const { kind, envFile, serverVersions } = releaseProfiles[args.release].proxy;
        const thrift = kind === "celeryThrift";
        if (thrift && args.celery === undefined) {
            throw new Error("the seed's Thrift proxy needs the Celery apps' settings (MilvusCluster passes them)");
        }
        const kubernetesDiscovery = !thrift && args.proxy.discovery === "kubernetes";

        // The namespace may be an output (of the Namespace resource), so the settings are one too.
        const settings = pulumi.output(args.namespace).apply((namespace) =>
            thrift
                ? {
                      ...args.celery?.apps.settings,
                      ...thriftProxySettings({ port: args.port, writeNodeHost: args.writeNodeHost, ...thriftClientRetries }),
                      // milvus_celery's log files (imported by the proxy) go to the proxy's own log directory.
                      LOG_PATH: proxyLogPath,
                  }
                : proxySettings({
                      proxy: args.proxy,
                      namespace,
                      port: args.port,
                      writeNodeHost: args.writeNodeHost,
                      databaseUri: proxyDbUri(args.metastore, placeholder(credentialEnv.mysqlPassword)),
                      readNodesName: args.readNodes.name,
                      readNodesLabelSelector: labelSelectorString(args.readNodes.podSelector),
                      readNodeReplicas: args.readNodes.replicas,
                      logPath: proxyLogPath,
                      serverVersions,
                  }),
        );
        // Both proxies read a `.env`: the ConfigMap is that file and the only source of their settings (no env
        // var may override it), so an edit rolls the pods through the checksum.
        const title = thrift ? "The seed's Thrift proxy (proxy_server) settings: its .env" : "Mishards (milvus proxy) settings";
        const data = settings.apply((s) => ({ [configFile]: renderDotenvFile(title, s) }));
        const credentials: CredentialEnvVar[] = thrift
            ? (args.celery?.apps.credentials ?? [])
            : args.metastore.password === undefined
              ? []
              : [{ name: credentialEnv.mysqlPassword, secret: args.metastore.password }];
        const configMap = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            { metadata: { name: configMapName, namespace: args.namespace, labels }, data },
            { parent: this },
        );

        let serviceAccountName: pulumi.Input<string> | undefined;
        if (kubernetesDiscovery) {
            const account = new k8s.core.v1.ServiceAccount(
                `${name}-account`,
                { metadata: { name: proxyName, namespace: args.namespace, labels } },
                { parent: this },
            );
            const role = new k8s.rbac.v1.Role(
                `${name}-discovery-role`,
                {
                    metadata: { name: "milvus-proxy-discovery", namespace: args.namespace, labels },
                    // What Mishards' Kubernetes discovery calls (shards/discovery/plugins/kubernetes_provider.py):
                    // list and read pods, watch pod events.
                    rules: [
                        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
                        { apiGroups: [""], resources: ["events"], verbs: ["list", "watch"] },
                    ],
                },
                { parent: this },
            );
            new k8s.rbac.v1.RoleBinding(
                `${name}-discovery-binding`,
                {
                    metadata: { name: "milvus-proxy-discovery", namespace: args.namespace, labels },
                    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                    subjects: [{ kind: "ServiceAccount", name: account.metadata.name, namespace: args.namespace }],
                },
                { parent: this },
            );
            serviceAccountName = account.metadata.name;
        }

        const rendering = configRendering({
            configMapName,
            image: args.images.configRenderer,
            credentials,
            resources: helperContainerResources,
        });
        const tcpProbe = { tcpSocket: { port: "milvus" } };
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
                    template: {
                        metadata: {
                            labels,
                            annotations: podTemplateAnnotations(args.proxy.podAnnotations, {
                                "checksum/config": data.apply(configChecksum),
                                ...imageLimitExemptions({
                                    runsAsRoot: milvusImageRunsAsRoot(args.runAsUser),
                                    writableRoot: thrift ? "the celery-apps image's filesystem layout is its own" : undefined,
                                }),
                            }),
                        },
                        spec: {
                            serviceAccountName,
                            // Only Kubernetes discovery talks to the API server.
                            automountServiceAccountToken: kubernetesDiscovery,
                            priorityClassName: args.proxy.priorityClassName,
                            securityContext: restrictedPod(args.runAsUser),
                            topologySpreadConstraints: spreadEvenly(args.scheduling, selector),
                            imagePullSecrets: args.imagePullSecrets.map((n) => ({ name: n })),
                            initContainers: [rendering.initContainer],
                            containers: [
                                {
                                    name: "proxy",
                                    image: args.images.proxy,
                                    // Mishards runs its image's own command; the celery-apps image has none.
                                    ...(thrift ? { workingDir: appsDir, command: [...proxyCommand] } : {}),
                                    // Credentials reach the file through the config renderer, never the env.
                                    env: [{ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
                                    ports: [{ name: "milvus", containerPort: args.port }],
                                    resources: containerResources(args.proxy.resources),
                                    securityContext: restrictedContainer({ readOnlyRootFilesystem: !thrift }),
                                    readinessProbe: { ...tcpProbe, initialDelaySeconds: 5, periodSeconds: 10 },
                                    livenessProbe: { ...tcpProbe, initialDelaySeconds: 30, periodSeconds: 20 },
                                    volumeMounts: [
                                        rendering.mountFile(configFile, envFile),
                                        { name: "logs", mountPath: proxyLogPath, subPathExpr: "$(POD_NAME)" },
                                        // Python's scratch space, so the root filesystem can stay read-only.
                                        { name: "tmp", mountPath: "/tmp" },
                                    ],
                                },
                            ],
                            volumes: [
                                ...rendering.volumes,
                                { name: "logs", persistentVolumeClaim: { claimName: args.logClaimName } },
                                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                            ],
                        },
                    },
                },
            },
            {
                parent: this,
                dependsOn: [configMap, ...(args.celery?.dependsOn ?? [])],
                customTimeouts: rolloutTimeout(args.rolloutTimeoutSeconds),
            },
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
                    name: serviceName,
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
        this.serviceName = service.metadata.name;
        this.serviceType = service.spec.type;
        this.endpoint = pulumi.interpolate`${service.metadata.name}.${args.namespace}.svc.cluster.local:${args.port}`;
        this.registerOutputs({ endpoint: this.endpoint, serviceName: this.serviceName, serviceType: this.serviceType });
    }
}

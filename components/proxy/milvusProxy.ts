import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ImageSet, ProxyConfig, SchedulingConfig } from "../config/types";
import { helperContainerResources } from "../config/defaults";
import { configRendering, CredentialEnvVar, credentialEnvVars } from "../kube/configRendering";
import { containerResources } from "../kube/containerResources";
import { cpuAutoscaler } from "../kube/cpuAutoscaler";
import { disruptionBudget } from "../kube/disruptionBudget";
import { imageLimitExemptions, restrictedContainer, restrictedPod, zillizImageRunsAsRoot } from "../kube/podSecurity";
import { spreadEvenly } from "../kube/topologySpread";
import { componentLabels, labelSelectorString, objectLabels, selectorLabels } from "../kube/labels";
import { configChecksum } from "../render/checksum";
import { proxyDbUri } from "../render/connectionUrls";
import { credentialEnv, placeholder } from "../render/placeholders";
import { proxySettings } from "../render/proxySettings";
import { ServiceConnection } from "../render/serviceConnection";
import { renderSettingsFile } from "../render/settingsFile";
import { podTemplateAnnotations } from "../kube/podTemplateAnnotations";
import { rolloutTimeout } from "../kube/rolloutTimeout";

/** Arguments of {@link MilvusProxy}. */
export interface MilvusProxyArgs {
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
    /** Non-root UID for the proxy image (`security.appRunAsUser`); unset: the image's user. */
    runAsUser?: number;
    imagePullSecrets: string[];
    rolloutTimeoutSeconds: number;
}

const serviceName = "milvus-proxy-servers";
const configFile = "milvus_proxy_config.yml";
/** Where the proxy writes logs: its own directory on `milvus-log-disk`. */
const proxyLogPath = "/var/log/milvus-proxy";

/**
 * The sharding proxy (Mishards) clients talk to: Deployment `milvus-proxy`, Service `milvus-proxy-servers`,
 * ConfigMap `milvus-proxy-configmap`. With Kubernetes discovery it gets a ServiceAccount and a Role that
 * can only list and watch pods (and events) in its own namespace.
 */
export class MilvusProxy extends pulumi.ComponentResource {
    /** `host:port` of the proxy Service inside the cluster. */
    readonly endpoint: pulumi.Output<string>;
    readonly serviceName: pulumi.Output<string>;
    readonly serviceType: pulumi.Output<string>;

    constructor(name: string, args: MilvusProxyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:proxy:MilvusProxy", name, {}, opts);
        const configMapName = "milvus-proxy-configmap";
        const labels = objectLabels(args.instance, componentLabels.proxy);
        const selector = selectorLabels(args.instance, componentLabels.proxy);
        const kubernetesDiscovery = args.proxy.discovery === "kubernetes";

        // The namespace may be an output (of the Namespace resource), so the settings are one too.
        const settings = pulumi.output(args.namespace).apply((namespace) =>
            proxySettings({
                proxy: args.proxy,
                namespace,
                port: args.port,
                writeNodeHost: args.writeNodeHost,
                databaseUri: proxyDbUri(args.metastore, placeholder(credentialEnv.mysqlPassword)),
                readNodesName: args.readNodes.name,
                readNodesLabelSelector: labelSelectorString(args.readNodes.podSelector),
                readNodeReplicas: args.readNodes.replicas,
                logPath: proxyLogPath,
            }),
        );
        const data = settings.apply((s) => ({ [configFile]: renderSettingsFile("Mishards (milvus proxy) settings", s) }));
        const credentials: CredentialEnvVar[] =
            args.metastore.password === undefined ? [] : [{ name: credentialEnv.mysqlPassword, secret: args.metastore.password }];
        const configMap = new k8s.core.v1.ConfigMap(
            `${name}-config`,
            { metadata: { name: configMapName, namespace: args.namespace, labels }, data },
            { parent: this },
        );

        let serviceAccountName: pulumi.Input<string> | undefined;
        if (kubernetesDiscovery) {
            const account = new k8s.core.v1.ServiceAccount(
                `${name}-account`,
                { metadata: { name: "milvus-proxy", namespace: args.namespace, labels } },
                { parent: this },
            );
            const role = new k8s.rbac.v1.Role(
                `${name}-discovery-role`,
                {
                    metadata: { name: "milvus-proxy-discovery", namespace: args.namespace, labels },
                    rules: [{ apiGroups: [""], resources: ["pods", "events"], verbs: ["get", "list", "watch"] }],
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
                metadata: { name: "milvus-proxy", namespace: args.namespace, labels },
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
                                ...imageLimitExemptions({ runsAsRoot: zillizImageRunsAsRoot(args.runAsUser) }),
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
                                    // Mishards reads its settings from the environment; the same settings are
                                    // in the ConfigMap file, mounted beside it. The kubelet expands $(VAR).
                                    env: settings.apply((s) => [
                                        ...credentialEnvVars(credentials),
                                        { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                                        ...Object.entries(s).map(([name, value]) => ({ name, value })),
                                    ]),
                                    ports: [{ name: "milvus", containerPort: args.port }],
                                    resources: containerResources(args.proxy.resources),
                                    securityContext: restrictedContainer({ readOnlyRootFilesystem: true }),
                                    readinessProbe: { ...tcpProbe, initialDelaySeconds: 5, periodSeconds: 10 },
                                    livenessProbe: { ...tcpProbe, initialDelaySeconds: 30, periodSeconds: 20 },
                                    volumeMounts: [
                                        rendering.mountFile(configFile, `/etc/milvus-proxy/${configFile}`),
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
                dependsOn: [configMap],
                customTimeouts: rolloutTimeout(args.rolloutTimeoutSeconds),
            },
        );

        disruptionBudget(this, `${name}-disruption-budget`, {
            name: "milvus-proxy",
            namespace: args.namespace,
            labels,
            podSelector: selector,
            maxUnavailable: args.proxy.disruptionBudget.maxUnavailable,
        });
        if (autoscaled) {
            cpuAutoscaler(this, `${name}-autoscaler`, {
                name: "milvus-proxy",
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

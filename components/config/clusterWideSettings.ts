import { ConfigReader } from "./configReader";
import {
    KubernetesProviderConfig,
    MetricsConfig,
    NetworkPolicyConfig,
    ProtectionConfig,
    RolloutConfig,
    SchedulingConfig,
    SecurityConfig,
} from "./types";
import { cidr, durationString, labelKey, labelSelectorProblem } from "./validators";

/** The sections that hold for the whole cluster rather than one tier: where it runs, how it rolls, is watched, guarded and fenced. */

/** `kubernetes`: the kubeconfig and context of the provider. */
export const readKubernetesProvider = (reader: ConfigReader): KubernetesProviderConfig => ({
    kubeconfig: reader.optionalString("kubernetes.kubeconfig"),
    context: reader.optionalString("kubernetes.context"),
});

/** `rollout` and `rolloutTimeoutSeconds`: how long `pulumi up` waits for each workload's roll. */
export const readRollout = (reader: ConfigReader): RolloutConfig => ({
    baseSeconds: reader.integer("rollout.baseSeconds", 300, 30, 7200),
    // A read-only pod must stay Ready for 10 s (minReadySeconds) before the next one rolls.
    perPodSeconds: reader.integer("rollout.perPodSeconds", 120, 15, 3600),
    fixedSeconds: reader.has("rolloutTimeoutSeconds") ? reader.integer("rolloutTimeoutSeconds", 600, 30, 7200) : undefined,
});

/** `metrics`: Prometheus scraping of the Milvus servers. */
export const readMetrics = (reader: ConfigReader): MetricsConfig => ({
    enabled: reader.boolean("metrics.enabled", true),
    serviceMonitor: reader.boolean("metrics.serviceMonitor", false),
    serviceMonitorLabels: reader.stringMap("metrics.serviceMonitorLabels", {}),
    scrapeInterval: reader.string("metrics.scrapeInterval", "30s", durationString),
});

/** `protection`: the resource options guarding stateful data. */
export const readProtection = (reader: ConfigReader): ProtectionConfig => ({
    protect: reader.boolean("protection.protect", false),
    retainOnDelete: reader.boolean("protection.retainOnDelete", false),
    allowReplacement: reader.boolean("protection.allowReplacement", false),
});

/** `scheduling.spread` and `scheduling.topologyKey` (`scheduling.priorityClassName` is every tier's default, read first). */
export const readScheduling = (reader: ConfigReader): SchedulingConfig => ({
    spread: reader.oneOf("scheduling.spread", ["preferred", "required"] as const, "preferred"),
    topologyKey: reader.string("scheduling.topologyKey", "kubernetes.io/hostname", labelKey),
});

/** `networkPolicies`: who may talk to whom inside the namespace. */
export const readNetworkPolicies = (reader: ConfigReader): NetworkPolicyConfig => ({
    enabled: reader.boolean("networkPolicies.enabled", false),
    clientNamespaceSelector: reader.has("networkPolicies.clientNamespaceSelector")
        ? reader.stringMap("networkPolicies.clientNamespaceSelector", {}, labelSelectorProblem)
        : undefined,
    clientCidrs: reader.stringList("networkPolicies.clientCidrs", [], cidr),
    monitoringNamespaceSelector: reader.stringMap("networkPolicies.monitoringNamespaceSelector", {}, labelSelectorProblem),
});

/** `security.appRunAsUser`: a non-root UID for the Milvus server, proxy and celery-apps images (unset: the image's user). */
export const readSecurity = (reader: ConfigReader): SecurityConfig => ({
    appRunAsUser: reader.has("security.appRunAsUser") ? reader.integer("security.appRunAsUser", 1000, 1, 2147483647) : undefined,
});

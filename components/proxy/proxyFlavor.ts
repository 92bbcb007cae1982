import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CredentialEnvVar } from "../kube/configRendering";
import { proxyName } from "../../policy/lib/sharedNames";

/** What one proxy (Mishards, the seed's Thrift proxy) makes of the proxy tier. */
export interface ProxyFlavor {
    /** Heading of its rendered `.env`. */
    settingsTitle: string;
    /** Its `.env` settings, credentials as placeholders (an output: they may name the namespace). */
    settings: pulumi.Output<Record<string, string>>;
    /** The Secrets that fill the placeholders. */
    credentials: readonly CredentialEnvVar[];
    /** How its container starts: nothing for an image with its own command. */
    start: Pick<k8s.types.input.core.v1.Container, "workingDir" | "command">;
    /** Why its root filesystem must stay writable; unset: it is read-only. */
    writableRoot?: string;
    /** Whether it finds the read-only nodes through the Kubernetes API (it then gets a ServiceAccount and Role). */
    kubernetesDiscovery: boolean;
    /** What must exist before its pods start. */
    dependsOn: pulumi.Resource[];
}

/**
 * The proxy tier's name (the seed's, spelled in policy/lib/sharedNames.ts): its Deployment, disruption budget,
 * autoscaler and ServiceAccount; the ConfigMap, Service and discovery Role are named after it.
 */
export { proxyName };

/** The proxy's Service (the seed's `milvus-proxy-servers`): what clients connect to. */
export const proxyServiceName = `${proxyName}-servers`;

/** The proxy's ConfigMap (the seed's `milvus-proxy-configmap`): its `.env`. */
export const proxyConfigMapName = `${proxyName}-configmap`;

/** Where the proxy writes logs: its own directory on `milvus-log-disk`. */
export const proxyLogPath = `/var/log/${proxyName}`;

/** The ConfigMap key of the proxy's `.env`. */
export const proxyConfigKey = "milvus_proxy_config.yml";

import * as k8s from "@pulumi/kubernetes";
import { KubernetesProviderConfig } from "../config/types";

/**
 * Settings of the one Kubernetes provider every component uses. ConfigMaps and Secrets are updated in place
 * rather than replaced: their names are fixed by the seed, and a changed ConfigMap rolls its pods through the
 * checksum annotation instead.
 */
export function kubernetesProviderArgs(config: KubernetesProviderConfig): k8s.ProviderArgs {
    return {
        kubeconfig: config.kubeconfig,
        context: config.context,
        enableConfigMapMutable: true,
        enableSecretMutable: true,
    };
}

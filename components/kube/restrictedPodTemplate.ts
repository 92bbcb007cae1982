import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { restrictedPod } from "./podSecurity";
import { podTemplateAnnotations } from "./podTemplateAnnotations";
import { pullSecretRefs, WorkloadContext } from "./workloadContext";

/** A pod spec without the fields {@link restrictedPodTemplate} sets. */
export type PodSpecBody = Omit<k8s.types.input.core.v1.PodSpec, "securityContext" | "imagePullSecrets">;

/** What {@link restrictedPodTemplate} builds a pod template from. */
export interface RestrictedPodInput extends Pick<WorkloadContext, "imagePullSecrets"> {
    /** The pods' labels (the selector's and more). */
    labels: Record<string, pulumi.Input<string>>;
    /** The program's own pod annotations (checksums, policy exemptions, scrape settings). */
    annotations: Record<string, pulumi.Input<string>>;
    /** `<tier>.podAnnotations`: the operator's, under the program's own; unset: none. */
    operatorAnnotations?: Record<string, string>;
    /** The image's non-root UID, for every container and as the volumes' group; unset: the image's user. */
    runAsUser?: number;
    /** The rest of the spec; `automountServiceAccountToken` is false unless it says otherwise. */
    spec: PodSpecBody;
}

/**
 * A pod template under the restricted pod security context (default seccomp profile, the non-root user where
 * known), with the image pull Secrets and no service-account token unless the spec asks for one.
 */
export const restrictedPodTemplate = (input: RestrictedPodInput): k8s.types.input.core.v1.PodTemplateSpec => ({
    metadata: { labels: input.labels, annotations: podTemplateAnnotations(input.operatorAnnotations, input.annotations) },
    spec: {
        automountServiceAccountToken: false,
        ...input.spec,
        securityContext: restrictedPod(input.runAsUser),
        imagePullSecrets: pullSecretRefs(input),
    },
});

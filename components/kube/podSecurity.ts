import * as k8s from "@pulumi/kubernetes";
import { PolicyName, policyNames } from "../../policy/lib/policyNames";
import { policyExemptionsAnnotation } from "../../policy/lib/sharedNames";

/** How one container may run. */
export interface ContainerSecurityOptions {
    /** The image writes only to mounted volumes, so its root filesystem can be read-only. */
    readOnlyRootFilesystem: boolean;
    /** A non-root UID (and GID) to run as; unset: the pod's, else the image's user. */
    runAsUser?: number;
}

/**
 * A container's securityContext: no privilege escalation, every Linux capability dropped, the root
 * filesystem read-only where the image allows it, and a non-root user where one is given.
 */
export const restrictedContainer = (options: ContainerSecurityOptions): k8s.types.input.core.v1.SecurityContext => ({
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
    ...(options.runAsUser === undefined ? {} : { runAsNonRoot: true, runAsUser: options.runAsUser, runAsGroup: options.runAsUser }),
});

/**
 * A pod's securityContext: the container runtime's default seccomp profile, and, when the image's non-root
 * user is known, that user for every container and as the group owning the pod's volumes (so a fresh
 * PersistentVolume is writable without a root chown).
 */
export const restrictedPod = (runAsUser?: number): k8s.types.input.core.v1.PodSecurityContext => ({
    seccompProfile: { type: "RuntimeDefault" },
    ...(runAsUser === undefined
        ? {}
        : {
              runAsNonRoot: true,
              runAsUser,
              runAsGroup: runAsUser,
              fsGroup: runAsUser,
              fsGroupChangePolicy: "OnRootMismatch",
          }),
});

/** `nobody`: the user helper containers (config renderer, bucket job) run as. */
export const helperUser = 65534;

/**
 * The pod-template annotation that exempts a workload from named rules of the policy pack (policy/), each
 * with its reason; the pack checks that every exemption names a rule and gives a reason. The annotation and
 * the policy names are the pack's (policy/lib/sharedNames.ts, policyNames.ts), so a misspelt name does not compile.
 */
export const policyExemptions = (reasons: Partial<Record<PolicyName, string>>): Record<string, string> =>
    Object.keys(reasons).length === 0 ? {} : { [policyExemptionsAnnotation]: JSON.stringify(reasons) };

/** What an image cannot do, and why: each becomes an exemption from the matching rule of the policy pack. */
export interface ImageLimits {
    /** Why the root filesystem must stay writable; unset: it is read-only. */
    writableRoot?: string;
    /** Why the image runs as root; unset: it runs as a non-root user. */
    runsAsRoot?: string;
}

/** The exemption annotation for an image's limits (nothing when it has none). */
export const imageLimitExemptions = (limits: ImageLimits): Record<string, string> =>
    policyExemptions({
        ...(limits.writableRoot === undefined ? {} : { [policyNames.readOnlyRootFilesystem]: limits.writableRoot }),
        ...(limits.runsAsRoot === undefined ? {} : { [policyNames.runsAsNonRoot]: limits.runsAsRoot }),
    });

/**
 * Why the Milvus images (server, Mishards, celery-apps) run as root unless told otherwise: their Dockerfiles
 * set no USER (milvus-io/milvus v1.1.1 docker/deploy/{cpu,gpu}/ubuntu18.04/Dockerfile, shards/Dockerfile).
 */
export const milvusImageRunsAsRoot = (runAsUser: number | undefined): string | undefined =>
    runAsUser === undefined
        ? "the Milvus image runs as root (its Dockerfile sets no USER); set security.appRunAsUser to run it as another user"
        : undefined;

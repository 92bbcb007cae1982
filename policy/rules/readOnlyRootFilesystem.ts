import { eachContainer, workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/**
 * Policy 15: every container's root filesystem is read-only, writes going to volumes. An image that writes
 * beside its binaries says why in an exemption.
 */
export const readOnlyRootFilesystem = workloadPolicy(
    {
        name: policyNames.readOnlyRootFilesystem,
        description: "Every container and init container sets securityContext.readOnlyRootFilesystem: true.",
    },
    eachContainer(({ container, label }, report) => {
        if (container.securityContext?.readOnlyRootFilesystem !== true) {
            report(`${label} does not set securityContext.readOnlyRootFilesystem: true`);
        }
    }),
);

import { ResourceValidationPolicy } from "@pulumi/policy";
import { everyContainer } from "../lib/containers";
import { validateWorkloads } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/**
 * Policy 15: every container's root filesystem is read-only, writes going to volumes. An image that writes
 * beside its binaries says why in an exemption.
 */
export const readOnlyRootFilesystem: ResourceValidationPolicy = {
    name: policyNames.readOnlyRootFilesystem,
    description: "Every container and init container sets securityContext.readOnlyRootFilesystem: true.",
    enforcementLevel: "mandatory",
    validateResource: validateWorkloads(policyNames.readOnlyRootFilesystem, (workload, report) => {
        for (const { container, label } of everyContainer(workload.template)) {
            if (container.securityContext?.readOnlyRootFilesystem !== true) {
                report(`${label} does not set securityContext.readOnlyRootFilesystem: true`);
            }
        }
    }),
};

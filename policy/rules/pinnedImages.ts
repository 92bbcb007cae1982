import { ResourceValidationPolicy } from "@pulumi/policy";
import { everyContainer } from "../lib/containers";
import { imagePinProblem } from "../lib/imageReference";
import { validateWorkloads } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/** Policy 8: what runs is what was reviewed; `latest` moves under you. */
export const pinnedImages: ResourceValidationPolicy = {
    name: policyNames.pinnedImages,
    description: "Every container's image is pinned to a tag other than latest, or to a sha256 digest.",
    enforcementLevel: "mandatory",
    validateResource: validateWorkloads(policyNames.pinnedImages, (workload, report) => {
        for (const { container, label } of everyContainer(workload.template)) {
            const problem = imagePinProblem(container.image);
            if (problem !== undefined) {
                report(`${label}: ${problem}`);
            }
        }
    }),
};

import { ResourceValidationPolicy } from "@pulumi/policy";
import { readExemptions } from "../lib/exemptions";
import { validateWorkloads } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";
import { policyExemptionsAnnotation } from "../lib/sharedNames";

/**
 * Policy 13: an exemption is a reviewed decision, so it names a policy that exists and may be exempted, and
 * says why. A refused entry exempts from nothing, so the policy it names still applies.
 */
export const validExemptions: ResourceValidationPolicy = {
    name: policyNames.validExemptions,
    description:
        `The pod-template annotation ${policyExemptionsAnnotation} is a JSON object whose every entry names an exemptable ` +
        "policy of this pack and gives a non-empty reason. Cannot be exempted.",
    enforcementLevel: "mandatory",
    validateResource: validateWorkloads(policyNames.validExemptions, (workload, report) => {
        for (const problem of readExemptions(workload.template).problems) {
            report(problem);
        }
    }),
};

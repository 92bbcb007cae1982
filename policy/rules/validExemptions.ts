import { readExemptions } from "../lib/exemptions";
import { workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";
import { policyExemptionsAnnotation } from "../lib/sharedNames";

/**
 * Policy 13: an exemption is a reviewed decision, so it names a policy that exists and may be exempted, and
 * says why. A refused entry exempts from nothing, so the policy it names still applies.
 */
export const validExemptions = workloadPolicy(
    {
        name: policyNames.validExemptions,
        description:
            `The pod-template annotation ${policyExemptionsAnnotation} is a JSON object whose every entry names an exemptable ` +
            "policy of this pack and gives a non-empty reason. Cannot be exempted.",
    },
    (workload, report) => {
        for (const problem of readExemptions(workload.template).problems) {
            report(problem);
        }
    },
);

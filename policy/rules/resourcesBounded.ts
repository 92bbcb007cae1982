import { ResourceValidationPolicy } from "@pulumi/policy";
import { everyContainer } from "../lib/containers";
import { isSet } from "../lib/isSet";
import { validateWorkloads } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

const required = [
    ["requests", "cpu"],
    ["requests", "memory"],
    ["limits", "cpu"],
    ["limits", "memory"],
] as const;

/** Policy 9: every container is scheduled on what it asks for and cannot starve its neighbours. */
export const resourcesBounded: ResourceValidationPolicy = {
    name: policyNames.resourcesBounded,
    description: "Every container sets requests and limits for both cpu and memory.",
    enforcementLevel: "mandatory",
    validateResource: validateWorkloads(policyNames.resourcesBounded, (workload, report) => {
        for (const { container, label } of everyContainer(workload.template)) {
            const resources = container.resources ?? {};
            const missing = required
                .filter(([list, resource]) => {
                    const quantity = resources[list]?.[resource];
                    return !isSet(quantity) || String(quantity).trim() === "";
                })
                .map(([list, resource]) => `${list}.${resource}`);
            if (missing.length > 0) {
                report(`${label} sets no ${missing.join(", ")}`);
            }
        }
    }),
};

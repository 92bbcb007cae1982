import { isSet } from "../lib/isSet";
import { eachContainer, workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

const required = [
    ["requests", "cpu"],
    ["requests", "memory"],
    ["limits", "cpu"],
    ["limits", "memory"],
] as const;

/** Policy 9: every container is scheduled on what it asks for and cannot starve its neighbours. */
export const resourcesBounded = workloadPolicy(
    {
        name: policyNames.resourcesBounded,
        description: "Every container sets requests and limits for both cpu and memory.",
    },
    eachContainer(({ container, label }, report) => {
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
    }),
);

import { PodTemplate } from "./kubeTypes";
import { exemptablePolicyNames, isPolicyName, PolicyName } from "./policyNames";
import { policyExemptionsAnnotation } from "./sharedNames";

/** What a workload's exemption annotation grants, and what is wrong with it. */
export interface Exemptions {
    /** Policy name → reason, for every well-formed entry. */
    granted: ReadonlyMap<PolicyName, string>;
    /** Why the annotation, or one of its entries, is refused. A refused entry exempts from nothing. */
    problems: readonly string[];
}

const none: Exemptions = { granted: new Map(), problems: [] };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Reads the exemption annotation of a pod template. */
export function readExemptions(template: PodTemplate): Exemptions {
    const raw: unknown = template.metadata?.annotations?.[policyExemptionsAnnotation];
    if (raw === undefined) {
        return none;
    }
    if (typeof raw !== "string") {
        return { granted: new Map(), problems: [`annotation ${policyExemptionsAnnotation} is not a string`] };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        return { granted: new Map(), problems: [`annotation ${policyExemptionsAnnotation} is not valid JSON`] };
    }
    if (!isRecord(parsed)) {
        return {
            granted: new Map(),
            problems: [`annotation ${policyExemptionsAnnotation} must be a JSON object mapping a policy name to a reason`],
        };
    }
    const granted = new Map<PolicyName, string>();
    const problems: string[] = [];
    for (const [name, reason] of Object.entries(parsed)) {
        if (!isPolicyName(name)) {
            problems.push(`exemption from "${name}": no policy of this pack has that name`);
        } else if (!exemptablePolicyNames.has(name)) {
            problems.push(`exemption from "${name}": that policy cannot be exempted`);
        } else if (typeof reason !== "string" || reason.trim() === "") {
            problems.push(`exemption from "${name}": the reason must be a non-empty string`);
        } else {
            granted.set(name, reason.trim());
        }
    }
    return { granted, problems };
}

/** The reason `template` gives for exempting itself from `policy`, if it validly does. */
export const exemptionReason = (template: PodTemplate, policy: PolicyName): string | undefined =>
    readExemptions(template).granted.get(policy);

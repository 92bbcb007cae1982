import { ResourceValidation, ResourceValidationPolicy } from "@pulumi/policy";
import { everyContainer, PodContainer } from "./containers";
import { exemptionReason } from "./exemptions";
import { exemptablePolicyNames, PolicyName } from "./policyNames";
import { Workload, WorkloadKind, workloadOf } from "./workloads";

/** Takes what is wrong; the workload's name is put in front. */
export type Report = (message: string) => void;

/** Checks one workload's pods. */
export type WorkloadCheck = (workload: Workload, report: Report) => void;

/**
 * A resource validation that runs `check` on every workload (of `kinds`, when given) that is not validly
 * exempted from `policy`, and finds every other resource not applicable.
 */
function validateWorkloads(policy: PolicyName, check: WorkloadCheck, kinds?: readonly WorkloadKind[]): ResourceValidation {
    return (args, reportViolation) => {
        const workload = workloadOf(args);
        if (workload === undefined) {
            return args.notApplicable("declares no pods");
        }
        if (kinds !== undefined && !kinds.includes(workload.kind)) {
            return args.notApplicable(`applies to ${kinds.join(", ")} only`);
        }
        const reason = exemptablePolicyNames.has(policy) ? exemptionReason(workload.template, policy) : undefined;
        if (reason !== undefined) {
            return args.notApplicable(`${workload.description} is exempted: ${reason}`);
        }
        check(workload, (message) => reportViolation(`${workload.description}: ${message}`));
    };
}

/** A policy that judges workloads' pods. */
export interface WorkloadPolicyDefinition {
    name: PolicyName;
    /** What it requires, as `pulumi preview` shows it. */
    description: string;
    /** The kinds of workload it judges; unset: every kind. */
    kinds?: readonly WorkloadKind[];
}

/** A mandatory resource policy that runs `check` on every workload it judges and that is not exempted from it. */
export const workloadPolicy = (definition: WorkloadPolicyDefinition, check: WorkloadCheck): ResourceValidationPolicy => ({
    name: definition.name,
    description: definition.description,
    enforcementLevel: "mandatory",
    validateResource: validateWorkloads(definition.name, check, definition.kinds),
});

/** A workload check that runs `check` on each container and init container of the pod template. */
export const eachContainer =
    (check: (podContainer: PodContainer, report: Report, workload: Workload) => void): WorkloadCheck =>
    (workload, report) => {
        for (const podContainer of everyContainer(workload.template)) {
            check(podContainer, report, workload);
        }
    };

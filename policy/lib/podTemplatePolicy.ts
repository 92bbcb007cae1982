import { ResourceValidation } from "@pulumi/policy";
import { exemptionReason } from "./exemptions";
import { exemptablePolicyNames, PolicyName } from "./policyNames";
import { Workload, WorkloadKind, workloadOf } from "./workloads";

/** Checks one workload's pods; `report` takes what is wrong, the workload's name is put in front. */
export type WorkloadCheck = (workload: Workload, report: (message: string) => void) => void;

/**
 * A resource validation that runs `check` on every workload (of `kinds`, when given) that is not validly
 * exempted from `policy`, and finds every other resource not applicable.
 */
export function validateWorkloads(policy: PolicyName, check: WorkloadCheck, kinds?: readonly WorkloadKind[]): ResourceValidation {
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

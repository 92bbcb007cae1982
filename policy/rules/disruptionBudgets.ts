import * as k8s from "@pulumi/kubernetes";
import { StackValidationPolicy } from "@pulumi/policy";
import { exemptionReason } from "../lib/exemptions";
import { KubeObject, PodDisruptionBudgetSpec } from "../lib/kubeTypes";
import { isSet } from "../lib/isSet";
import { selects } from "../lib/labelSelector";
import { namespaceKey, namespaceLabel } from "../lib/namespaces";
import { policyNames } from "../lib/policyNames";
import { proxyName, readNodesName } from "../lib/sharedNames";
import { WorkloadKind, workloadOf } from "../lib/workloads";

/** The workloads that serve clients and so must survive node drains: the proxy and the read-only nodes. */
const budgetedWorkloads: readonly { kind: WorkloadKind; name: string }[] = [
    { kind: "Deployment", name: proxyName },
    { kind: "StatefulSet", name: readNodesName },
];

/** Policy 12: a voluntary disruption (a drain, an upgrade) never takes down all of a serving tier at once. */
export const disruptionBudgets: StackValidationPolicy = {
    name: policyNames.disruptionBudgets,
    description:
        `The Deployment ${proxyName} and the StatefulSet ${readNodesName}, when present, are each selected by a ` +
        "PodDisruptionBudget (policy/v1) in their namespace.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const budgets = args.resources
            .filter((r) => r.isType(k8s.policy.v1.PodDisruptionBudget))
            .map((r) => {
                const object = r.props as KubeObject & { spec?: PodDisruptionBudgetSpec };
                return {
                    namespace: namespaceKey(object.metadata?.namespace),
                    selector: object.spec?.selector,
                };
            });
        let checked = 0;
        for (const resource of args.resources) {
            const workload = workloadOf(resource);
            if (
                workload === undefined ||
                !budgetedWorkloads.some((b) => b.kind === workload.kind && b.name === workload.name) ||
                exemptionReason(workload.template, policyNames.disruptionBudgets) !== undefined
            ) {
                continue;
            }
            checked++;
            const namespace = namespaceKey(workload.namespace);
            const labels = workload.template.metadata?.labels ?? {};
            // A PodDisruptionBudget without a selector selects no pods.
            const covered = budgets.some((b) => b.namespace === namespace && isSet(b.selector) && selects(b.selector, labels));
            if (!covered) {
                reportViolation(
                    `${workload.description}: no PodDisruptionBudget in ${namespaceLabel(namespace)} selects its pods`,
                    resource.urn,
                );
            }
        }
        if (checked === 0) {
            args.notApplicable(`the stack has no ${proxyName} Deployment or ${readNodesName} StatefulSet to budget`);
        }
    },
};

import * as k8s from "@pulumi/kubernetes";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { describeObject } from "../lib/describeObject";
import { KubeObject, PolicyRule } from "../lib/kubeTypes";
import { policyNames } from "../lib/policyNames";
import { ResourceClass } from "../lib/typedResource";

const clusterWideClasses: readonly ResourceClass[] = [
    k8s.rbac.v1.ClusterRole,
    k8s.rbac.v1.ClusterRoleBinding,
    k8s.rbac.v1beta1.ClusterRole,
    k8s.rbac.v1beta1.ClusterRoleBinding,
    k8s.rbac.v1alpha1.ClusterRole,
    k8s.rbac.v1alpha1.ClusterRoleBinding,
];
const roleClasses: readonly ResourceClass[] = [k8s.rbac.v1.Role, k8s.rbac.v1beta1.Role, k8s.rbac.v1alpha1.Role];
const readVerbs: readonly string[] = ["get", "list", "watch"];

/** What is wrong with one rule of a Role. */
function ruleProblems(rule: PolicyRule, index: number): string[] {
    const problems: string[] = [];
    const at = `rule ${index + 1}`;
    for (const field of ["apiGroups", "resources", "verbs"] as const) {
        if ((rule[field] ?? []).includes("*")) {
            problems.push(`${at} has "*" in ${field}`);
        }
    }
    for (const resource of rule.resources ?? []) {
        if (resource === "secrets" || resource.startsWith("secrets/")) {
            problems.push(`${at} grants access to ${resource}`);
        }
    }
    for (const verb of rule.verbs ?? []) {
        if (verb !== "*" && !readVerbs.includes(verb)) {
            problems.push(`${at} grants the verb "${verb}" (only get, list and watch are allowed)`);
        }
    }
    return problems;
}

/** Policy 7: the program's API access stays inside its namespace and read-only. */
export const namespacedRbacOnly: ResourceValidationPolicy = {
    name: policyNames.namespacedRbacOnly,
    description:
        'No ClusterRole or ClusterRoleBinding; every Role rule names no "*", grants nothing on secrets, and uses ' +
        "only the verbs get, list and watch.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const description = describeObject(args.props as KubeObject, args.type, args.name);
        if (clusterWideClasses.some((c) => args.isType(c))) {
            reportViolation(`${description}: cluster-wide RBAC is not allowed; use a Role and RoleBinding in the namespace`);
            return;
        }
        if (!roleClasses.some((c) => args.isType(c))) {
            return args.notApplicable("applies to Roles, ClusterRoles and ClusterRoleBindings only");
        }
        const rules = (args.props as { rules?: PolicyRule[] }).rules ?? [];
        rules.forEach((rule, i) => {
            for (const problem of ruleProblems(rule, i)) {
                reportViolation(`${description}: ${problem}`);
            }
        });
    },
};

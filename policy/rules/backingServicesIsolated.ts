import { StackValidation } from "@pulumi/policy";
import { configSwitch } from "../lib/configSwitch";
import { exemptionReason } from "../lib/exemptions";
import { namespaceKey, namespaceLabel, namespaceUrn } from "../lib/namespaces";
import { isDefaultDenyIngress, isolatesIngressOf, isTargetedAllowList, networkPoliciesOf, nonPodIngress } from "../lib/networkPolicies";
import { policyNames } from "../lib/policyNames";
import { backingServiceNames, componentLabel } from "../lib/sharedNames";
import { workloadOf } from "../lib/workloads";

/** The policy's config (policy pack config `backing-services-isolated`): off by default; prod.json turns it on. */
const requireNetworkPolicies = configSwitch(
    "requireNetworkPolicies",
    "Require default-deny ingress per namespace and pod-only ingress to backing services.",
);

/** The `app.kubernetes.io/component` values of the backing services that hold the cluster's data. */
const backingComponents: ReadonlySet<string> = new Set(backingServiceNames);

/** A namespace denies ingress by default and the data stores admit only pods. */
const isolateBackingServices: StackValidation = (args, reportViolation) => {
    const networkPolicies = networkPoliciesOf(args.resources);
    const workloads = args.resources
        .map((resource) => ({ resource, workload: workloadOf(resource) }))
        .flatMap(({ resource, workload }) =>
            workload === undefined || exemptionReason(workload.template, policyNames.backingServicesIsolated) !== undefined
                ? []
                : [{ urn: resource.urn, workload, namespace: namespaceKey(workload.namespace) }],
        );

    // (a) Every namespace with a workload denies ingress by default.
    for (const namespace of new Set(workloads.map((w) => w.namespace))) {
        const inNamespace = networkPolicies.filter((p) => p.namespace === namespace);
        if (!inNamespace.some((p) => isDefaultDenyIngress(p.spec))) {
            const names = workloads.filter((w) => w.namespace === namespace).map((w) => w.workload.description);
            reportViolation(
                `${namespaceLabel(namespace)} has workloads (${names.join(", ")}) but no default-deny NetworkPolicy ` +
                    "(empty podSelector, policyTypes Ingress, no ingress rules)",
                namespaceUrn(args.resources, namespace),
            );
        }
    }

    // (b) Every backing service admits ingress only from pods, through an allow-list made for it.
    for (const { urn, workload, namespace } of workloads) {
        const labels = workload.template.metadata?.labels ?? {};
        const component = labels[componentLabel];
        const isBacking = workload.kind === "Deployment" || workload.kind === "StatefulSet";
        if (!isBacking || component === undefined || !backingComponents.has(component)) {
            continue;
        }
        const selecting = networkPolicies.filter((p) => p.namespace === namespace && isolatesIngressOf(p.spec, labels));
        if (!selecting.some((p) => isTargetedAllowList(p.spec))) {
            reportViolation(
                `${workload.description}: no NetworkPolicy in ${namespaceLabel(namespace)} selects its pods by label ` +
                    "with an ingress allow-list",
                urn,
            );
        }
        for (const policy of selecting) {
            for (const problem of nonPodIngress(policy.spec)) {
                reportViolation(`${workload.description}: ${policy.description} ${problem}`, urn);
            }
        }
    }
};

/** Policy 11: with requireNetworkPolicies, a namespace denies ingress by default and the data stores admit only pods. */
export const backingServicesIsolated = requireNetworkPolicies.stackPolicy(
    policyNames.backingServicesIsolated,
    "every namespace with workloads has a default-deny ingress NetworkPolicy, and every backing service (MySQL, " +
        "Redis, MinIO, RabbitMQ, PostgreSQL, MongoDB) is selected by a NetworkPolicy that admits ingress only from " +
        "podSelectors.",
    isolateBackingServices,
);

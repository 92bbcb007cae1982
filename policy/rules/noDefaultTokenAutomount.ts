import { PodSpec } from "../lib/kubeTypes";
import { workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/** Policy 6: a pod gets an API token only when it runs as an account made for it. */
export const noDefaultTokenAutomount = workloadPolicy(
    {
        name: policyNames.noDefaultTokenAutomount,
        description:
            "A pod sets automountServiceAccountToken: false, unless it runs as a ServiceAccount of its own " +
            "(serviceAccountName other than default).",
    },
    (workload, report) => {
        const pod: PodSpec = workload.template.spec ?? {};
        // serviceAccount is the deprecated alias of serviceAccountName.
        const account = pod.serviceAccountName ?? pod.serviceAccount;
        const ownAccount = account !== undefined && account !== "" && account !== "default";
        if (!ownAccount && pod.automountServiceAccountToken !== false) {
            report(
                "the pod runs as the namespace's default ServiceAccount without automountServiceAccountToken: false, " +
                    "so it would get an API token it does not need",
            );
        }
    },
);

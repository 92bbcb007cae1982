import { mainContainers } from "../lib/containers";
import { isSet } from "../lib/isSet";
import { workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/** Policy 3: long-running pods tell Kubernetes when they can serve and when they are stuck. */
export const podsHaveProbes = workloadPolicy(
    {
        name: policyNames.podsHaveProbes,
        description:
            "Every container of a Deployment, StatefulSet or DaemonSet has a readinessProbe and a livenessProbe " +
            "(init containers and Jobs are exempt).",
        kinds: ["Deployment", "StatefulSet", "DaemonSet"],
    },
    (workload, report) => {
        for (const { container, label } of mainContainers(workload.template)) {
            const missing = [
                !isSet(container.readinessProbe) ? "readinessProbe" : undefined,
                !isSet(container.livenessProbe) ? "livenessProbe" : undefined,
            ].filter((p): p is string => p !== undefined);
            if (missing.length > 0) {
                report(`${label} has no ${missing.join(" and no ")}`);
            }
        }
    },
);

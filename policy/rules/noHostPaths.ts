import { isSet } from "../lib/isSet";
import { workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/** Policy 5: pods keep off the node's filesystem. */
export const noHostPaths = workloadPolicy(
    { name: policyNames.noHostPaths, description: "No pod mounts a hostPath volume." },
    (workload, report) => {
        for (const volume of workload.template.spec?.volumes ?? []) {
            if (isSet(volume.hostPath)) {
                report(`volume "${volume.name}" mounts the host path ${volume.hostPath.path}`);
            }
        }
    },
);

import { everyContainer } from "../lib/containers";
import { PodSpec } from "../lib/kubeTypes";
import { workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

const hostNamespaces = ["hostNetwork", "hostPID", "hostIPC"] as const;

/** Policy 4: the essentials of the Kubernetes "restricted" Pod Security Standard. */
export const restrictedSecurityContext = workloadPolicy(
    {
        name: policyNames.restrictedSecurityContext,
        description:
            "Pods run the RuntimeDefault seccomp profile (set on the pod, or on every container), and every container " +
            "sets allowPrivilegeEscalation: false, drops ALL capabilities and is not privileged; no pod shares the " +
            "host's network, PID or IPC namespace.",
    },
    (workload, report) => {
        const pod: PodSpec = workload.template.spec ?? {};
        for (const field of hostNamespaces) {
            if (pod[field] === true) {
                report(`the pod sets ${field}: true`);
            }
        }
        const podSeccomp = pod.securityContext?.seccompProfile?.type;
        for (const { container, label } of everyContainer(workload.template)) {
            const context = container.securityContext ?? {};
            const seccomp = context.seccompProfile?.type ?? podSeccomp;
            if (seccomp !== "RuntimeDefault") {
                report(
                    seccomp === undefined
                        ? `${label} runs without a seccomp profile (set seccompProfile.type: RuntimeDefault on the pod)`
                        : `${label} runs seccomp profile ${seccomp}, not RuntimeDefault`,
                );
            }
            if (context.allowPrivilegeEscalation !== false) {
                report(`${label} does not set securityContext.allowPrivilegeEscalation: false`);
            }
            if (!(context.capabilities?.drop ?? []).includes("ALL")) {
                report(`${label} does not drop ALL capabilities (securityContext.capabilities.drop)`);
            }
            if (context.privileged === true) {
                report(`${label} is privileged`);
            }
        }
    },
);

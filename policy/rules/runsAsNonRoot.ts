import { eachContainer, workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/**
 * Policy 14: every container runs as a non-root user: `runAsNonRoot: true` or a `runAsUser` other than 0,
 * on the container or inherited from the pod. An image that must run as root says why in an exemption.
 */
export const runsAsNonRoot = workloadPolicy(
    {
        name: policyNames.runsAsNonRoot,
        description:
            "Every container and init container runs as a non-root user (runAsNonRoot: true, or a non-zero runAsUser, " +
            "set on the container or the pod).",
    },
    eachContainer(({ container, label }, report, workload) => {
        const pod = workload.template.spec?.securityContext ?? {};
        const own = container.securityContext ?? {};
        const runAsUser = own.runAsUser ?? pod.runAsUser;
        const runAsNonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
        if (runAsUser === 0) {
            report(`${label} runs as root (runAsUser: 0)`);
        } else if (runAsNonRoot !== true && runAsUser === undefined) {
            report(`${label} may run as root: set runAsNonRoot: true, or a non-zero runAsUser, on the pod or the container`);
        }
    }),
);

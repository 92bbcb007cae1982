/** The name of every policy in the pack: the single place they are spelled. */
export const policyNames = {
    noCredentialsInConfigMaps: "no-credentials-in-configmaps",
    noLiteralCredentialsInEnv: "no-literal-credentials-in-env",
    podsHaveProbes: "pods-have-probes",
    restrictedSecurityContext: "restricted-security-context",
    noHostPaths: "no-host-paths",
    noDefaultTokenAutomount: "no-default-token-automount",
    namespacedRbacOnly: "namespaced-rbac-only",
    pinnedImages: "pinned-images",
    resourcesBounded: "resources-bounded",
    statefulDataProtected: "stateful-data-protected",
    backingServicesIsolated: "backing-services-isolated",
    disruptionBudgets: "disruption-budgets",
    validExemptions: "valid-exemptions",
    runsAsNonRoot: "runs-as-non-root",
    readOnlyRootFilesystem: "read-only-root-filesystem",
} as const;

export type PolicyName = (typeof policyNames)[keyof typeof policyNames];

export const allPolicyNames: readonly PolicyName[] = Object.values(policyNames);

/**
 * The policies a workload may exempt itself from with the exemption annotation: those that judge a workload's
 * own pod template. The credential policies never can be; RBAC objects carry no pod template; and the check of
 * the exemptions themselves cannot be exempted.
 */
export const exemptablePolicyNames: ReadonlySet<PolicyName> = new Set<PolicyName>([
    policyNames.podsHaveProbes,
    policyNames.restrictedSecurityContext,
    policyNames.noHostPaths,
    policyNames.noDefaultTokenAutomount,
    policyNames.pinnedImages,
    policyNames.resourcesBounded,
    policyNames.statefulDataProtected,
    policyNames.backingServicesIsolated,
    policyNames.disruptionBudgets,
    policyNames.runsAsNonRoot,
    policyNames.readOnlyRootFilesystem,
]);

export const isPolicyName = (name: string): name is PolicyName => (allPolicyNames as readonly string[]).includes(name);

import { Policies } from "@pulumi/policy";
import { backingServicesIsolated } from "./rules/backingServicesIsolated";
import { disruptionBudgets } from "./rules/disruptionBudgets";
import { namespacedRbacOnly } from "./rules/namespacedRbacOnly";
import { noCredentialsInConfigMaps } from "./rules/noCredentialsInConfigMaps";
import { noDefaultTokenAutomount } from "./rules/noDefaultTokenAutomount";
import { noHostPaths } from "./rules/noHostPaths";
import { noLiteralCredentialsInEnv } from "./rules/noLiteralCredentialsInEnv";
import { pinnedImages } from "./rules/pinnedImages";
import { podsHaveProbes } from "./rules/podsHaveProbes";
import { resourcesBounded } from "./rules/resourcesBounded";
import { restrictedSecurityContext } from "./rules/restrictedSecurityContext";
import { statefulDataProtected } from "./rules/statefulDataProtected";
import { readOnlyRootFilesystem } from "./rules/readOnlyRootFilesystem";
import { runsAsNonRoot } from "./rules/runsAsNonRoot";
import { validExemptions } from "./rules/validExemptions";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const packName = "milvus-cluster";

/**
 * Every policy of the pack. Importing this starts nothing: only `new PolicyPack` (in index.ts) serves the
 * policies to the engine, so tests and checkObjects.ts import them from here.
 */
export const policies: Policies = [
    noCredentialsInConfigMaps,
    noLiteralCredentialsInEnv,
    podsHaveProbes,
    restrictedSecurityContext,
    noHostPaths,
    noDefaultTokenAutomount,
    namespacedRbacOnly,
    pinnedImages,
    resourcesBounded,
    statefulDataProtected,
    backingServicesIsolated,
    disruptionBudgets,
    validExemptions,
    runsAsNonRoot,
    readOnlyRootFilesystem,
];

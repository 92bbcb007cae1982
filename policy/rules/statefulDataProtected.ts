import * as k8s from "@pulumi/kubernetes";
import { ResourceValidation } from "@pulumi/policy";
import { Unwrap } from "@pulumi/pulumi";
import { configSwitch } from "../lib/configSwitch";
import { describeObject } from "../lib/describeObject";
import { exemptionReason } from "../lib/exemptions";
import { KubeObject } from "../lib/kubeTypes";
import { policyNames } from "../lib/policyNames";
import { workloadOf } from "../lib/workloads";

/**
 * The policy's config (policy pack config `stateful-data-protected`): off by default (dev stacks come and go);
 * prod.json turns it on.
 */
const requireProtection = configSwitch(
    "requireProtection",
    "Require protect: true on claims, Namespaces, generated passwords and StatefulSets that make claims.",
);

type StatefulSetArgs = Unwrap<k8s.apps.v1.StatefulSetArgs>;

/** The type token of @pulumi/random's RandomPassword (the pack does not depend on @pulumi/random). */
const randomPasswordType = "random:index/randomPassword:RandomPassword";

/** A `pulumi destroy` or a replacement cannot take the data with it. */
const protectStatefulData: ResourceValidation = (args, reportViolation) => {
    if (args.type === randomPasswordType) {
        if (!args.opts.protect) {
            // A server keeps the password it was initialised with: a new one locks its clients out of the data.
            reportViolation(`RandomPassword ${args.name}: the generated password is not declared with protect: true`);
        }
        return;
    }
    const description = describeObject(args.props as KubeObject, args.type, args.name);
    if (args.isType(k8s.core.v1.PersistentVolumeClaim) || args.isType(k8s.core.v1.Namespace)) {
        if (!args.opts.protect) {
            // Deleting a namespace deletes every claim in it.
            reportViolation(`${description}: it is not declared with the resource option protect: true`);
        }
        return;
    }
    const workload = workloadOf(args);
    if (workload?.kind !== "StatefulSet") {
        return args.notApplicable("applies to PersistentVolumeClaims, Namespaces, RandomPasswords and StatefulSets only");
    }
    const spec = (args.props as StatefulSetArgs).spec;
    if ((spec?.volumeClaimTemplates ?? []).length === 0) {
        return args.notApplicable(`${description} makes no claims`);
    }
    const reason = exemptionReason(workload.template, policyNames.statefulDataProtected);
    if (reason !== undefined) {
        return args.notApplicable(`${description} is exempted: ${reason}`);
    }
    if (!args.opts.protect) {
        reportViolation(`${description}: it has volumeClaimTemplates but is not declared with the resource option protect: true`);
    }
    const whenDeleted = spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted;
    if (whenDeleted !== "Retain") {
        reportViolation(`${description}: persistentVolumeClaimRetentionPolicy.whenDeleted is ${whenDeleted ?? "unset"}, not Retain`);
    }
};

/** Policy 10: with requireProtection, a `pulumi destroy` or a replacement cannot take the data with it. */
export const statefulDataProtected = requireProtection.resourcePolicy(
    policyNames.statefulDataProtected,
    "every PersistentVolumeClaim, Namespace, generated password (RandomPassword) and StatefulSet with " +
        "volumeClaimTemplates has the resource option protect: true, and such StatefulSets set " +
        "persistentVolumeClaimRetentionPolicy.whenDeleted: Retain.",
    protectStatefulData,
);

import * as k8s from "@pulumi/kubernetes";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { credentialAssignments, inlinePasswordUrls, isCredentialName } from "../lib/credentials";
import { describeObject } from "../lib/describeObject";
import { policyNames } from "../lib/policyNames";

/** Policy 1: a ConfigMap is readable by anyone who may read the namespace's config; it holds no credential. */
export const noCredentialsInConfigMaps: ResourceValidationPolicy = {
    name: policyNames.noCredentialsInConfigMaps,
    description:
        "ConfigMaps hold no credentials: no URL with an inline password, no credential-named key or setting with a " +
        "literal value. Put the credential in a Secret and write a $(VAR) placeholder instead.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(k8s.core.v1.ConfigMap, (configMap, args, reportViolation) => {
        const problems: string[] = [];
        for (const key of [...Object.keys(configMap.data ?? {}), ...Object.keys(configMap.binaryData ?? {})]) {
            if (isCredentialName(key)) {
                problems.push(`key "${key}" is named like a credential`);
            }
        }
        for (const [key, value] of Object.entries(configMap.data ?? {})) {
            for (const url of inlinePasswordUrls(value)) {
                problems.push(`key "${key}" holds a URL with an inline password (${url})`);
            }
            for (const assignment of credentialAssignments(value)) {
                problems.push(`key "${key}" sets a credential literally on ${assignment}`);
            }
        }
        const description = describeObject(configMap, args.type, args.name);
        for (const problem of problems) {
            reportViolation(`${description}: ${problem}`);
        }
    }),
};

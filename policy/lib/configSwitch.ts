import { PolicyConfigSchema, ResourceValidation, ResourceValidationPolicy, StackValidation, StackValidationPolicy } from "@pulumi/policy";
import { PolicyName } from "./policyNames";

/**
 * A policy that passes everything until its pack config turns one boolean setting on (as policy/prod.json
 * does). Builds the mandatory policy: the setting in its config schema (a boolean, false by default), its
 * description (`With <setting> on: <requirement> Off, it passes everything.`), and a validation that reports
 * every resource not applicable while the setting is off.
 */
export interface ConfigSwitch {
    resourcePolicy(name: PolicyName, requirement: string, validate: ResourceValidation): ResourceValidationPolicy;
    stackPolicy(name: PolicyName, requirement: string, validate: StackValidation): StackValidationPolicy;
}

/** The switch `setting`, described in the config schema as `description`. */
export function configSwitch(setting: string, description: string): ConfigSwitch {
    const configSchema: PolicyConfigSchema = { properties: { [setting]: { type: "boolean", default: false, description } } };
    const isOff = (args: { getConfig<T extends object>(): T }): boolean => args.getConfig<Record<string, unknown>>()[setting] !== true;
    const offReason = `${setting} is off`;
    const definition = (name: PolicyName, requirement: string) => ({
        name,
        description: `With ${setting} on: ${requirement} Off, it passes everything.`,
        enforcementLevel: "mandatory" as const,
        configSchema,
    });
    return {
        resourcePolicy: (name, requirement, validate) => ({
            ...definition(name, requirement),
            validateResource: (args, reportViolation) => (isOff(args) ? args.notApplicable(offReason) : validate(args, reportViolation)),
        }),
        stackPolicy: (name, requirement, validate) => ({
            ...definition(name, requirement),
            validateStack: (args, reportViolation) => (isOff(args) ? args.notApplicable(offReason) : validate(args, reportViolation)),
        }),
    };
}

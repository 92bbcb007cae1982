import {
    EnforcementLevel,
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { policies as packPolicies } from "./policies";

/** One object the program declares, as a test sees it (e.g. a mocked resource's type, name and inputs). */
export interface DeclaredObject {
    /** The Pulumi type token, e.g. `kubernetes:apps/v1:Deployment`. */
    type: string;
    /** The Pulumi resource name. */
    name: string;
    /** The object's properties: its inputs, which for a Kubernetes object are the object itself. */
    props: Record<string, unknown>;
    /** The resource option `protect`. */
    protect?: boolean;
}

/** One violation: which policy, on which resource (its Pulumi name, or `(stack)`), and what is wrong. */
export interface Violation {
    policy: string;
    resource: string;
    message: string;
}

/** One policy's entry in a policy pack config file: an enforcement level, or settings with an optional level. */
export type PolicySettings = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

/** A policy pack config file (`--policy-pack-config`, e.g. policy/prod.json): policy name → settings. */
export type PackConfig = Record<string, PolicySettings>;

/** The name reported for a stack violation that names no resource. */
export const stackResource = "(stack)";

const enforcementLevels: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

const isStackPolicy = (p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy =>
    "validateStack" in p && typeof p.validateStack === "function";

/** Thrown by `notApplicable`, as the engine's own error is: the policy does not judge this resource. */
class NotApplicable extends Error {}

const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason);
};

/** The engine's type test: the class's Pulumi type token, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: object): boolean {
    const token = (resourceClass as { __pulumiType?: unknown }).__pulumiType;
    if (typeof token === "string" && token !== "") {
        return token === type;
    }
    const isInstance = (resourceClass as { isInstance?: unknown }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** Checks `config` against the policies' schemas, as the CLI does, so a typo in a config file fails loudly. */
function configProblems(config: PackConfig, policies: Policies): string[] {
    const problems: string[] = [];
    for (const [name, settings] of Object.entries(config)) {
        const policy = policies.find((p) => p.name === name);
        if (policy === undefined && name !== "all") {
            problems.push(`config for "${name}": no policy has that name`);
            continue;
        }
        const level = typeof settings === "string" ? settings : settings.enforcementLevel;
        if (level !== undefined && !enforcementLevels.includes(level)) {
            problems.push(`config for "${name}": enforcementLevel "${String(level)}" is not one of ${enforcementLevels.join(", ")}`);
        }
        if (typeof settings === "string") {
            continue;
        }
        const properties = policy?.configSchema?.properties ?? {};
        for (const [key, value] of Object.entries(settings)) {
            if (key === "enforcementLevel") {
                continue;
            }
            const schema = properties[key];
            if (schema === undefined) {
                problems.push(`config for "${name}": "${key}" is not a setting of that policy`);
            } else if (typeof schema === "object" && schema.type === "boolean" && typeof value !== "boolean") {
                problems.push(`config for "${name}": "${key}" must be a boolean`);
            }
        }
    }
    return problems;
}

/** The enforcement level of `policy` under `config`, as the engine resolves it. */
function levelOf(policy: ResourceValidationPolicy | StackValidationPolicy, config: PackConfig): EnforcementLevel {
    const levelIn = (settings: PolicySettings | undefined): EnforcementLevel | undefined =>
        typeof settings === "string" ? settings : settings?.enforcementLevel;
    return levelIn(config[policy.name]) ?? levelIn(config.all) ?? policy.enforcementLevel ?? "mandatory";
}

/** The settings `getConfig` returns: the schema's defaults, overridden by the config file's values. */
function settingsOf(policy: ResourceValidationPolicy | StackValidationPolicy, config: PackConfig): Record<string, unknown> {
    const defaults = Object.fromEntries(
        Object.entries(policy.configSchema?.properties ?? {}).flatMap(([key, schema]) =>
            typeof schema === "object" && schema.default !== undefined ? [[key, schema.default]] : [],
        ),
    );
    const given = config[policy.name];
    const values = typeof given === "object" ? Object.fromEntries(Object.entries(given).filter(([k]) => k !== "enforcementLevel")) : {};
    return { ...defaults, ...values };
}

/**
 * Runs every resource policy on every object and every stack policy on all of them, the way the engine would
 * with `--policy-pack policy [--policy-pack-config <config>]`, but with no engine: resource policies see the
 * props as inputs, stack policies see the same props as outputs. Returns every violation of a policy that is
 * not disabled; a policy that throws fails the call. Throws on a config the CLI would refuse.
 */
export async function violationsOf(
    objects: readonly DeclaredObject[],
    config: PackConfig = {},
    policies: Policies = packPolicies,
): Promise<Violation[]> {
    const problems = configProblems(config, policies);
    if (problems.length > 0) {
        throw new Error(`invalid policy pack config:\n  - ${problems.join("\n  - ")}`);
    }
    const urnOf = (o: DeclaredObject): string => `urn:pulumi:check::milvus-cluster::${o.type}::${o.name}`;
    const nameByUrn = new Map(objects.map((o) => [urnOf(o), o.name]));
    const optionsOf = (o: DeclaredObject): PolicyResourceOptions => ({
        protect: o.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    });
    const stackResources: PolicyResource[] = objects.map((o) => ({
        type: o.type,
        name: o.name,
        urn: urnOf(o),
        props: o.props,
        opts: optionsOf(o),
        dependencies: [],
        propertyDependencies: {},
        isType: (resourceClass) => isTypeOf(o.type, resourceClass),
        asType: (resourceClass) => (isTypeOf(o.type, resourceClass) ? (o.props as never) : undefined),
    }));

    const violations: Violation[] = [];
    for (const policy of policies) {
        if (levelOf(policy, config) === "disabled") {
            continue;
        }
        const settings = settingsOf(policy, config);
        const getConfig = <T extends object>(): T => settings as T;
        const run = async (validation: () => Promise<void> | void): Promise<void> => {
            try {
                await validation();
            } catch (e) {
                if (!(e instanceof NotApplicable)) {
                    throw e;
                }
            }
        };
        if (isStackPolicy(policy)) {
            const args: StackValidationArgs = { resources: stackResources, stackTags: new Map(), getConfig, notApplicable };
            await run(() =>
                policy.validateStack(args, (message, urn) =>
                    violations.push({
                        policy: policy.name,
                        resource: (urn === undefined ? undefined : nameByUrn.get(urn)) ?? stackResource,
                        message,
                    }),
                ),
            );
            continue;
        }
        const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
        for (const o of objects) {
            const args: ResourceValidationArgs = {
                type: o.type,
                name: o.name,
                urn: urnOf(o),
                props: o.props,
                opts: optionsOf(o),
                stackTags: new Map(),
                isType: (resourceClass) => isTypeOf(o.type, resourceClass),
                asType: (resourceClass) => (isTypeOf(o.type, resourceClass) ? (o.props as never) : undefined),
                getConfig,
                notApplicable,
            };
            for (const validation of validations) {
                await run(() => validation(args, (message) => violations.push({ policy: policy.name, resource: o.name, message })));
            }
        }
    }
    return violations;
}

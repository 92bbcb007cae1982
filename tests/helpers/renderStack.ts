import * as pulumi from "@pulumi/pulumi";
import { RawConfig } from "../../components/config/configReader";
import { projectRoot } from "./stackFiles";

/** One resource the program registered, as the engine would receive it. */
export interface DeclaredResource {
    type: string;
    name: string;
    custom: boolean;
    provider?: string;
    // The deserialized inputs of a Kubernetes object: apiVersion, kind, metadata, spec, data, ...
    inputs: Record<string, unknown>;
    /** The `protect` resource option. */
    protect: boolean;
    /** The `retainOnDelete` resource option. */
    retainOnDelete: boolean;
    /** The `customTimeouts` resource option (create and update, as the engine gets them: "780s"); "" if unset. */
    customTimeouts: { create: string; update: string };
}

/** The resource options the mocks do not pass on, by resource name, read off the registration requests. */
interface RegistrationOptions {
    protect: boolean;
    retainOnDelete: boolean;
    customTimeouts: { create: string; update: string };
}

interface RegisterResourceRequest {
    getName(): string;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string } | undefined;
}

/** Wraps the mock monitor's registerResource (internal to @pulumi/pulumi) to see every request's options. */
function recordOptions(options: Map<string, RegistrationOptions>): void {
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        getMonitor: () => { registerResource: (req: RegisterResourceRequest, callback: unknown) => unknown };
    };
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const timeouts = req.getCustomtimeouts();
        options.set(req.getName(), {
            protect: req.getProtect() ?? false,
            retainOnDelete: req.getRetainondelete() ?? false,
            customTimeouts: { create: timeouts?.getCreate() ?? "", update: timeouts?.getUpdate() ?? "" },
        });
        return register(req, callback);
    };
}

/** Everything one run of the program declared. */
export interface RenderedStack {
    resources: DeclaredResource[];
    outputs: Record<string, unknown>;
}

/** The value the mocked random provider gives each generated password: recognisable in any output. */
export const mockPassword = (name: string): string => `mockpw${name.replace(/[^A-Za-z0-9]/g, "")}`;

const settle = async (): Promise<void> => {
    // Waits until every registration the program queued has been answered (internal to @pulumi/pulumi).
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };
    await settings.waitForRPCs();
};

// How the SDK marks a secret value in serialized inputs: { [secretSig]: secretSigValue, value }.
const secretSig = "4dabf18193072939515e22adb298388d";

/** The inputs with every secret wrapper replaced by the value it wraps. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (typeof value === "object" && value !== null) {
        const record = value as Record<string, unknown>;
        if (secretSig in record) {
            return unwrapSecrets(record.value);
        }
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

const outputValue = (value: unknown): Promise<unknown> =>
    pulumi.Output.isInstance(value)
        ? new Promise((resolve) => (value as pulumi.Output<unknown>).apply((v) => resolve(v)))
        : Promise.resolve(value);

/** What one run of the program registered before it finished or failed. */
export interface ProgramRun extends RenderedStack {
    /** What the program threw, if it failed. */
    error?: unknown;
}

/**
 * Runs index.ts under Pulumi's mocks with `config` as the stack's `milvus-cluster:` config, the way
 * `pulumi preview` would run it, and returns every resource it registered, the stack outputs, and what it
 * threw (a ConfigError for bad config).
 */
export async function runProgram(config: RawConfig, stack = "test", previousOutputs: Record<string, unknown> = {}): Promise<ProgramRun> {
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        flat[`milvus-cluster:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(flat, []);
    return runMocked(
        () => {
            const entry = require.resolve(`${projectRoot}/index.ts`);
            delete require.cache[entry];
            // index.ts exports an async function (Pulumi runs it and exports what it returns).
            const exported = require(entry) as unknown;
            return typeof exported === "function" ? (exported as () => Promise<unknown>)() : exported;
        },
        stack,
        previousOutputs,
    );
}

/**
 * Runs `program` (a Pulumi program: a function returning its outputs) under Pulumi's mocks, and returns every
 * resource it registered, its outputs, and what it threw.
 */
export async function runMocked(
    program: () => unknown,
    stack = "test",
    previousOutputs: Record<string, unknown> = {},
): Promise<ProgramRun> {
    const resources: DeclaredResource[] = [];
    const options = new Map<string, RegistrationOptions>();
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                resources.push({
                    type: args.type,
                    name: args.name,
                    custom: args.custom ?? false,
                    provider: args.provider,
                    inputs: unwrapSecrets(args.inputs) as Record<string, unknown>,
                    protect: false,
                    retainOnDelete: false,
                    customTimeouts: { create: "", update: "" },
                });
                const state: Record<string, unknown> = { ...args.inputs };
                if (args.type === "pulumi:pulumi:StackReference") {
                    // The stack's own outputs from its "last update".
                    state.outputs = previousOutputs;
                    state.secretOutputNames = [];
                }
                if (args.type === "random:index/randomPassword:RandomPassword") {
                    state.result = mockPassword(args.name);
                }
                return { id: `${args.name}-id`, state };
            },
            call: (args) => args.inputs,
        },
        "milvus-cluster",
        stack,
        false,
        "organization",
    );
    recordOptions(options);

    const outputs: Record<string, unknown> = {};
    let error: unknown;
    try {
        const exported = (await program()) as Record<string, unknown>;
        for (const [key, value] of Object.entries(exported)) {
            outputs[key] = await outputValue(value);
        }
    } catch (thrown) {
        error = thrown;
    }
    await settle();
    for (const resource of resources) {
        Object.assign(resource, options.get(resource.name) ?? {});
    }
    return { resources, outputs, error };
}

/** Like {@link runProgram}, but throws what the program threw. */
export async function renderStack(
    config: RawConfig,
    stack = "test",
    previousOutputs: Record<string, unknown> = {},
): Promise<RenderedStack> {
    const run = await runProgram(config, stack, previousOutputs);
    if (run.error !== undefined) {
        throw run.error;
    }
    return run;
}

/** The Kubernetes objects among the declared resources (custom resources of the kubernetes package). */
export const kubernetesObjects = (stack: RenderedStack): DeclaredResource[] =>
    stack.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:"));

/** The one object of `kind` named `name`; throws when there is none or several. */
export function findObject(stack: RenderedStack, kind: string, name: string): KubeObject {
    const found = kubernetesObjects(stack)
        .map((r) => r.inputs as unknown as KubeObject)
        .filter((o) => o.kind === kind && o.metadata?.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
    }
    return found[0];
}

/** The parts of a Kubernetes object the tests read; the rest stays `unknown`. */
export interface KubeObject {
    apiVersion: string;
    kind: string;
    metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [field: string]: unknown;
}

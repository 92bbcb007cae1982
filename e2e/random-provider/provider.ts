/**
 * STAND-IN for `pulumi-resource-random` (the Pulumi random provider), used ONLY by the e2e test tier.
 *
 * Why it exists: the e2e tier runs the real Pulumi engine (CLI v3.274.1, Node language host v3.68.0), and the
 * program creates `random.RandomPassword` (components/backing/credentialsSecret.ts, via @pulumi/random 4.21.2).
 * The real provider binary cannot be obtained on the machines that run the tier: neither its Go module nor a
 * plugin download is available. So the engine is given this TypeScript provider instead, served by the gRPC
 * server that @pulumi/pulumi ships (`pulumi.provider.main`) and started by the `pulumi-resource-random` launcher
 * beside this file, which the engine finds on $PATH.
 *
 * What it serves: exactly one type token, `random:index/randomPassword:RandomPassword`, with upstream's input
 * names (length, lower, upper, numeric, number, special, minLower, minUpper, minNumeric, minSpecial,
 * overrideSpecial, keepers). Outputs echo the checked inputs (as upstream does) plus `result`. Every other type
 * token, function or method fails loudly, naming the token.
 *
 * Behaviour modelled on upstream (pulumi-random 4.21.2, bridging terraform-provider-random):
 *   - check: `length` required, an integer >= 1 and >= minUpper+minLower+minNumeric+minSpecial; min* integers >= 0;
 *     upper/lower/numeric/special default true, min* default 0; `number` (deprecated) and `numeric` are kept equal
 *     (one set => the other copies it; both set and different => failure). Stricter than upstream in one place:
 *     all four character classes disabled is a failure here (upstream would have no alphabet to draw from).
 *     A min* for a disabled class is ignored, as upstream does.
 *   - create: draws min* characters from each enabled class, fills up to `length` from the union of enabled
 *     classes, then shuffles (all with node:crypto randomInt, a CSPRNG). Special characters are `overrideSpecial`
 *     when it is a non-empty string, else upstream's default set `!@#$%&*()-_=+[]{}<>:?`. The ID is "none".
 *   - diff: upstream marks every input ForceNew, so any changed input => replace, listing the changed keys,
 *     deleteBeforeReplace false; no change => no changes (the password stays the same across updates).
 *   - read: refresh returns the stored state unchanged; import (no state) takes the ID as the password, with
 *     upstream's import defaults (length = ID length, every class enabled, mins 0).
 *
 * Secrets: `result` is returned as a PLAIN string. What makes it secret is @pulumi/random's RandomPassword
 * constructor, which registers the resource with `additionalSecretOutputs: ["bcryptHash", "result"]`; the
 * engine's step executor then wraps `result` as a secret before it reaches state or the program, and silently
 * skips listed outputs that the provider does not return (so leaving out `bcryptHash` is harmless). Inputs that
 * arrive as secrets (the server announces acceptSecrets) are unwrapped for validation, generation and diffing,
 * and echoed back still wrapped, so their secretness is kept. A program that used `RandomPassword.get` or
 * dropped the SDK's option would see a plain `result`: that path is not relied on, and not served.
 *
 * NOT modelled, and so UNPROVEN by any e2e run that uses this stand-in (only the real provider can show them):
 *   - `bcryptHash` (needs bcrypt, which neither node:crypto nor this repo's dependencies offer): not returned.
 *   - the real provider's state upgrades (schema versions, e.g. state written by older pulumi-random versions),
 *     its exact diff details (detailed diff, how it treats null vs empty keepers or values missing in old state),
 *     and its import behaviour beyond the defaults above;
 *   - the other random resources (RandomString, RandomId, RandomPet, RandomInteger, RandomUuid, ...);
 *   - provider configuration (CheckConfig/DiffConfig are left unimplemented by the SDK's server) and preview of
 *     create (the server does not announce supportsPreview, so the engine itself fills outputs as unknown).
 *
 * Run: `pulumi-resource-random` (the launcher) execs `node --import <repo>/node_modules/tsx/... provider.ts`.
 * Importing this module has no side effect; it serves only when it is the process's entry script.
 */
import { randomInt } from "node:crypto";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

/** The one type token this stand-in serves. */
export const RANDOM_PASSWORD_TOKEN = "random:index/randomPassword:RandomPassword";

/** The version package.json pins for @pulumi/random; reported to the engine as the plugin's version. */
export const STAND_IN_VERSION = "4.21.2";

/** The ID upstream gives every RandomPassword. */
export const RANDOM_PASSWORD_ID = "none";

export const UPPER_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
export const LOWER_CHARS = "abcdefghijklmnopqrstuvwxyz";
export const NUMERIC_CHARS = "0123456789";
/** Upstream's default special characters (terraform-provider-random). */
export const DEFAULT_SPECIAL_CHARS = "!@#$%&*()-_=+[]{}<>:?";

/** A property bag as the SDK's server hands it over (google.protobuf.Struct turned into plain JavaScript). */
export type PropertyMap = Record<string, unknown>;

const BOOLEAN_INPUTS = ["lower", "upper", "numeric", "number", "special"] as const;
const MIN_INPUTS = ["minLower", "minUpper", "minNumeric", "minSpecial"] as const;

/** Every input upstream declares; all of them are ForceNew upstream. */
export const INPUT_KEYS: readonly string[] = ["length", ...BOOLEAN_INPUTS, ...MIN_INPUTS, "overrideSpecial", "keepers"];

/** Outputs that are not inputs (upstream's; the stand-in returns only `result`). */
const OUTPUT_ONLY_KEYS: readonly string[] = ["result", "bcryptHash"];

/** The settings a password is generated from, after check has filled the defaults. */
export interface PasswordSpec {
    length: number;
    upper: boolean;
    lower: boolean;
    numeric: boolean;
    special: boolean;
    minUpper: number;
    minLower: number;
    minNumeric: number;
    minSpecial: number;
    overrideSpecial?: string;
}

/** Thrown for any type token, function or method other than RandomPassword. */
export class NotServedError extends Error {
    constructor(what: string, token: string) {
        super(
            `pulumi-resource-random STAND-IN (milvus-cluster e2e/random-provider): ${what} "${token}" is not served. ` +
                `This stand-in for the Pulumi random provider serves only ${RANDOM_PASSWORD_TOKEN}; ` +
                `use the real pulumi-resource-random for anything else.`,
        );
        this.name = "NotServedError";
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Wire values: secrets, unknowns and output values as the engine marshals them (see @pulumi/pulumi runtime/rpc).

interface Unwrapped {
    /** The plain value (undefined when unknown). */
    value: unknown;
    known: boolean;
    secret: boolean;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Unwraps one level of secret / output-value envelope and recognises the unknown sentinel. */
function unwrap(v: unknown): Unwrapped {
    if (v === pulumi.runtime.unknownValue) {
        return { value: undefined, known: false, secret: false };
    }
    if (isPlainObject(v)) {
        const sig = v[pulumi.runtime.specialSigKey];
        if (sig === pulumi.runtime.specialSecretSig) {
            const inner = unwrap(v["value"]);
            return { ...inner, secret: true };
        }
        if (sig === pulumi.runtime.specialOutputValueSig) {
            if (!("value" in v)) {
                return { value: undefined, known: false, secret: v["secret"] === true };
            }
            const inner = unwrap(v["value"]);
            return { ...inner, secret: inner.secret || v["secret"] === true };
        }
    }
    return { value: v, known: true, secret: false };
}

/** Deep-unwraps a value for comparison; `undefined` marks the presence of an unknown anywhere inside. */
function plainForCompare(v: unknown): { known: boolean; value: unknown } {
    const u = unwrap(v);
    if (!u.known) {
        return { known: false, value: undefined };
    }
    if (Array.isArray(u.value)) {
        const items = u.value.map(plainForCompare);
        return items.every((i) => i.known) ? { known: true, value: items.map((i) => i.value) } : { known: false, value: undefined };
    }
    if (isPlainObject(u.value)) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(u.value).sort()) {
            const item = plainForCompare(u.value[key]);
            if (!item.known) {
                return { known: false, value: undefined };
            }
            out[key] = item.value;
        }
        return { known: true, value: out };
    }
    return { known: true, value: u.value === null ? undefined : u.value };
}

function deepEqual(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------------------------
// Type tokens.

/** The resource type token in a URN (`urn:pulumi:<stack>::<project>::<parent$...$type>::<name>`). */
export function typeFromUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) {
        throw new Error(`pulumi-resource-random STAND-IN: cannot read a type token from URN "${urn}"`);
    }
    const qualified = parts[2];
    const chain = qualified.split("$");
    return chain[chain.length - 1];
}

function requireServed(urn: string): void {
    const token = typeFromUrn(urn);
    if (token !== RANDOM_PASSWORD_TOKEN) {
        throw new NotServedError("resource type", token);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Check.

function isNonNegativeInteger(v: unknown): v is number {
    return typeof v === "number" && Number.isInteger(v) && v >= 0;
}

/** Records one check failure against an input. */
type Fail = (property: string, reason: string) => void;

/**
 * Validates RandomPassword inputs and fills upstream's defaults. Unknown values (preview) are passed through.
 * The checks run in this order, and so do their failures.
 */
export function checkRandomPasswordInputs(news: PropertyMap): { inputs: PropertyMap; failures: pulumi.provider.CheckFailure[] } {
    const failures: pulumi.provider.CheckFailure[] = [];
    const fail: Fail = (property, reason) => {
        failures.push({ property, reason });
    };
    const inputs = declaredInputs(news, fail);
    checkLength(inputs, fail);
    fillMins(inputs, fail);
    alignNumericAlias(inputs, fail);
    fillBooleans(inputs, fail);
    checkOverrideSpecial(inputs, fail);
    checkKeepers(inputs, fail);
    checkCrossFieldRules(inputs, fail);
    return { inputs, failures };
}

/** The set inputs among `news`: outputs dropped, undeclared keys failed, null and undefined values left out. */
function declaredInputs(news: PropertyMap, fail: Fail): PropertyMap {
    const inputs: PropertyMap = {};
    for (const key of Object.keys(news)) {
        if (OUTPUT_ONLY_KEYS.includes(key)) {
            // Outputs are never inputs; drop them rather than echo a stale value.
            continue;
        }
        if (!INPUT_KEYS.includes(key)) {
            fail(key, `"${key}" is not an input of ${RANDOM_PASSWORD_TOKEN} (inputs: ${INPUT_KEYS.join(", ")})`);
        } else if (news[key] !== undefined && news[key] !== null) {
            inputs[key] = news[key];
        }
    }
    return inputs;
}

/** length: required, integer >= 1. */
function checkLength(inputs: PropertyMap, fail: Fail): void {
    const length = unwrap(inputs["length"]);
    if (inputs["length"] === undefined) {
        fail("length", "length is required");
    } else if (length.known && !(isNonNegativeInteger(length.value) && length.value >= 1)) {
        fail("length", `length must be an integer >= 1, got ${JSON.stringify(length.value)}`);
    }
}

/** min*: integers >= 0, default 0. */
function fillMins(inputs: PropertyMap, fail: Fail): void {
    for (const key of MIN_INPUTS) {
        if (inputs[key] === undefined) {
            inputs[key] = 0;
            continue;
        }
        const v = unwrap(inputs[key]);
        if (v.known && !isNonNegativeInteger(v.value)) {
            fail(key, `${key} must be an integer >= 0, got ${JSON.stringify(v.value)}`);
        }
    }
}

/** numeric / number (deprecated alias): kept equal, default true. */
function alignNumericAlias(inputs: PropertyMap, fail: Fail): void {
    const numericIn = inputs["numeric"];
    const numberIn = inputs["number"];
    if (numericIn === undefined && numberIn === undefined) {
        inputs["numeric"] = true;
        inputs["number"] = true;
    } else if (numericIn === undefined) {
        inputs["numeric"] = numberIn;
    } else if (numberIn === undefined) {
        inputs["number"] = numericIn;
    } else {
        const a = unwrap(numericIn);
        const b = unwrap(numberIn);
        if (a.known && b.known && a.value !== b.value) {
            fail(
                "numeric",
                `numeric (${JSON.stringify(a.value)}) and its deprecated alias number (${JSON.stringify(b.value)}) disagree; set only numeric`,
            );
        }
    }
}

/** Booleans: default true. */
function fillBooleans(inputs: PropertyMap, fail: Fail): void {
    for (const key of BOOLEAN_INPUTS) {
        if (inputs[key] === undefined) {
            inputs[key] = true;
            continue;
        }
        const v = unwrap(inputs[key]);
        if (v.known && typeof v.value !== "boolean") {
            fail(key, `${key} must be a boolean, got ${JSON.stringify(v.value)}`);
        }
    }
}

/** overrideSpecial: optional string. */
function checkOverrideSpecial(inputs: PropertyMap, fail: Fail): void {
    if (inputs["overrideSpecial"] !== undefined) {
        const v = unwrap(inputs["overrideSpecial"]);
        if (v.known && typeof v.value !== "string") {
            fail("overrideSpecial", `overrideSpecial must be a string, got ${JSON.stringify(v.value)}`);
        }
    }
}

/** keepers: optional map of strings. */
function checkKeepers(inputs: PropertyMap, fail: Fail): void {
    if (inputs["keepers"] === undefined) {
        return;
    }
    const v = unwrap(inputs["keepers"]);
    if (!v.known) {
        return;
    }
    if (!isPlainObject(v.value)) {
        fail("keepers", `keepers must be a map of strings, got ${JSON.stringify(v.value)}`);
        return;
    }
    for (const [k, item] of Object.entries(v.value)) {
        const u = unwrap(item);
        if (u.known && typeof u.value !== "string") {
            fail("keepers", `keepers["${k}"] must be a string, got ${JSON.stringify(u.value)}`);
        }
    }
}

/** Cross-field rules, only when every value involved is known and well-typed. */
function checkCrossFieldRules(inputs: PropertyMap, fail: Fail): void {
    const known = (key: string): unknown => {
        const u = unwrap(inputs[key]);
        return u.known ? u.value : undefined;
    };
    const classes = ["upper", "lower", "numeric", "special"].map(known);
    if (classes.every((c) => c === false)) {
        fail("upper", "upper, lower, numeric and special are all false: at least one character class must be enabled");
    }
    const lengthValue = known("length");
    const mins = MIN_INPUTS.map(known);
    if (isNonNegativeInteger(lengthValue) && mins.every(isNonNegativeInteger)) {
        const sum = (mins as number[]).reduce((s, m) => s + m, 0);
        if (sum > lengthValue) {
            fail("length", `length (${lengthValue}) must be at least minUpper + minLower + minNumeric + minSpecial (${sum})`);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Generation.

/** Reads a PasswordSpec out of checked inputs; throws if any value is unknown or ill-typed. */
export function specFromInputs(inputs: PropertyMap): PasswordSpec {
    const get = (key: string): unknown => {
        const u = unwrap(inputs[key]);
        if (!u.known) {
            throw new Error(`pulumi-resource-random STAND-IN: input "${key}" is unknown at create time`);
        }
        return u.value;
    };
    const int = (key: string, fallback: number): number => {
        const v = get(key);
        if (v === undefined || v === null) return fallback;
        if (!isNonNegativeInteger(v)) throw new Error(`pulumi-resource-random STAND-IN: ${key} must be an integer >= 0`);
        return v;
    };
    const bool = (key: string): boolean => {
        const v = get(key);
        if (v === undefined || v === null) return true;
        if (typeof v !== "boolean") throw new Error(`pulumi-resource-random STAND-IN: ${key} must be a boolean`);
        return v;
    };
    const overrideSpecial = get("overrideSpecial");
    return {
        length: int("length", 0),
        upper: bool("upper"),
        lower: bool("lower"),
        numeric: bool("numeric"),
        special: bool("special"),
        minUpper: int("minUpper", 0),
        minLower: int("minLower", 0),
        minNumeric: int("minNumeric", 0),
        minSpecial: int("minSpecial", 0),
        overrideSpecial: typeof overrideSpecial === "string" ? overrideSpecial : undefined,
    };
}

function pick(alphabet: string, count: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
        out.push(alphabet[randomInt(alphabet.length)]);
    }
    return out;
}

/** Generates a password as upstream does: the minimums per class, the rest from all enabled classes, shuffled. */
export function generatePassword(spec: PasswordSpec): string {
    const specialChars = spec.overrideSpecial ? spec.overrideSpecial : DEFAULT_SPECIAL_CHARS;
    const classes: Array<[boolean, string, number]> = [
        [spec.upper, UPPER_CHARS, spec.minUpper],
        [spec.lower, LOWER_CHARS, spec.minLower],
        [spec.numeric, NUMERIC_CHARS, spec.minNumeric],
        [spec.special, specialChars, spec.minSpecial],
    ];
    let alphabet = "";
    const chars: string[] = [];
    for (const [enabled, set, min] of classes) {
        if (!enabled) continue;
        alphabet += set;
        chars.push(...pick(set, min));
    }
    if (alphabet === "") {
        throw new Error("pulumi-resource-random STAND-IN: no character class is enabled");
    }
    if (spec.length < 1 || chars.length > spec.length) {
        throw new Error(
            `pulumi-resource-random STAND-IN: length ${spec.length} cannot hold the ${chars.length} characters the minimums ask for`,
        );
    }
    chars.push(...pick(alphabet, spec.length - chars.length));
    // Fisher-Yates with a CSPRNG.
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}

// ---------------------------------------------------------------------------------------------------------------
// Diff.

/** Which inputs differ between the old state (outputs echo inputs) and the new checked inputs. */
export function changedInputKeys(olds: PropertyMap, news: PropertyMap): string[] {
    const changed: string[] = [];
    for (const key of INPUT_KEYS) {
        const a = plainForCompare(olds[key]);
        const b = plainForCompare(news[key]);
        if (!a.known || !b.known || !deepEqual(a.value, b.value)) {
            changed.push(key);
        }
    }
    return changed;
}

// ---------------------------------------------------------------------------------------------------------------
// The provider object.

function withoutUndefined(map: PropertyMap): PropertyMap {
    // google.protobuf.Struct.fromJavaScript throws on `undefined`; never hand it one.
    const out: PropertyMap = {};
    for (const [k, v] of Object.entries(map)) {
        if (v !== undefined) out[k] = v;
    }
    return out;
}

/** RandomPassword's inputs in the schema; its outputs echo them, plus `result`. */
const passwordInputs = {
    length: { type: "integer" },
    lower: { type: "boolean" },
    upper: { type: "boolean" },
    numeric: { type: "boolean" },
    number: { type: "boolean", deprecationMessage: "Use numeric instead." },
    special: { type: "boolean" },
    minLower: { type: "integer" },
    minUpper: { type: "integer" },
    minNumeric: { type: "integer" },
    minSpecial: { type: "integer" },
    overrideSpecial: { type: "string" },
    keepers: { type: "object", additionalProperties: { type: "string" } },
};

/** The stand-in, as a `pulumi.provider.Provider` object (exported so unit tests can call it directly). */
export const randomStandInProvider = {
    version: STAND_IN_VERSION,

    schema: JSON.stringify({
        name: "random",
        displayName: "random (e2e stand-in: RandomPassword only)",
        version: STAND_IN_VERSION,
        description: "STAND-IN for pulumi-resource-random serving only RandomPassword (milvus-cluster e2e tier).",
        resources: {
            [RANDOM_PASSWORD_TOKEN]: {
                inputProperties: passwordInputs,
                requiredInputs: ["length"],
                properties: {
                    ...passwordInputs,
                    result: { type: "string", secret: true },
                },
                required: [
                    "length",
                    "lower",
                    "upper",
                    "numeric",
                    "number",
                    "special",
                    "minLower",
                    "minUpper",
                    "minNumeric",
                    "minSpecial",
                    "result",
                ],
            },
        },
    }),

    async check(urn: string, _olds: PropertyMap, news: PropertyMap): Promise<pulumi.provider.CheckResult> {
        requireServed(urn);
        const { inputs, failures } = checkRandomPasswordInputs(news ?? {});
        return { inputs: withoutUndefined(inputs), failures };
    },

    async diff(_id: string, urn: string, olds: PropertyMap, news: PropertyMap): Promise<pulumi.provider.DiffResult> {
        requireServed(urn);
        const replaces = changedInputKeys(olds ?? {}, news ?? {});
        if (replaces.length === 0) {
            return { changes: false };
        }
        return { changes: true, replaces, deleteBeforeReplace: false };
    },

    async create(urn: string, inputs: PropertyMap): Promise<pulumi.provider.CreateResult> {
        requireServed(urn);
        const result = generatePassword(specFromInputs(inputs ?? {}));
        // Echo the inputs exactly as received (secret envelopes included), plus the plain `result`.
        return { id: RANDOM_PASSWORD_ID, outs: withoutUndefined({ ...inputs, result }) };
    },

    async read(id: string, urn: string, props?: PropertyMap): Promise<pulumi.provider.ReadResult> {
        requireServed(urn);
        if (props !== undefined && props["result"] !== undefined) {
            // Refresh: a random password never drifts.
            return { id, props };
        }
        // Import: the ID is the password (upstream's import), every class enabled, no minimums.
        if (id === "") {
            throw new Error("pulumi-resource-random STAND-IN: import needs the password as the ID");
        }
        const inputs: PropertyMap = {
            length: id.length,
            lower: true,
            upper: true,
            numeric: true,
            number: true,
            special: true,
            minLower: 0,
            minUpper: 0,
            minNumeric: 0,
            minSpecial: 0,
        };
        return { id: RANDOM_PASSWORD_ID, props: { ...inputs, result: id }, inputs };
    },

    async update(_id: string, urn: string, olds: PropertyMap, news: PropertyMap): Promise<pulumi.provider.UpdateResult> {
        requireServed(urn);
        const changed = changedInputKeys(olds ?? {}, news ?? {});
        throw new Error(
            `pulumi-resource-random STAND-IN: update of ${RANDOM_PASSWORD_TOKEN} is never valid (every input forces ` +
                `replacement; changed: ${changed.join(", ") || "none"})`,
        );
    },

    async delete(_id: string, urn: string, _props: PropertyMap): Promise<void> {
        requireServed(urn);
        // Nothing exists outside the state.
    },

    async invoke(token: string, _inputs: PropertyMap): Promise<pulumi.provider.InvokeResult> {
        throw new NotServedError("function", token);
    },

    async call(token: string, _inputs: pulumi.Inputs): Promise<pulumi.provider.InvokeResult> {
        throw new NotServedError("method", token);
    },

    async construct(
        _name: string,
        type: string,
        _inputs: pulumi.Inputs,
        _options: pulumi.ComponentResourceOptions,
    ): Promise<pulumi.provider.ConstructResult> {
        throw new NotServedError("component resource type", type);
    },
} satisfies pulumi.provider.Provider;

/** True when this file is the entry script of the process (as the launcher runs it), not an import. */
function isEntryScript(): boolean {
    const entry = process.argv[1];
    if (entry === undefined) return false;
    try {
        return fs.realpathSync(entry) === fs.realpathSync(__filename);
    } catch {
        return false;
    }
}

if (isEntryScript()) {
    // Prints the gRPC port (and nothing else) on stdout; the engine reads it to connect.
    pulumi.provider.main(randomStandInProvider, process.argv.slice(2)).catch((err: unknown) => {
        process.stderr.write(`pulumi-resource-random STAND-IN failed to start: ${String(err)}\n`);
        process.exit(1);
    });
}

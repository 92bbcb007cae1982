import { ConfigProblem } from "./configError";

/** A JSON-like value as it comes out of stack config. */
export type RawValue = string | number | boolean | null | RawValue[] | { [key: string]: RawValue };
/** The project's stack config: top-level keys without the `milvus-cluster:` prefix. */
export type RawConfig = Record<string, RawValue>;

const describe = (value: unknown): string => (value === undefined ? "nothing" : JSON.stringify(value));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A number written as text ("0.9", "-3", "12"): `pulumi config set --path` stores every value that is not an
 * integer, true or false as a string, and a stack file may quote numbers. Strict: no spaces, exponents or units.
 */
const numericText = /^-?[0-9]+(\.[0-9]+)?$/;

/** `value` as a number when it is a number or numeric text; anything else as it is, for the caller to refuse. */
const numberOrText = (value: unknown): unknown => (typeof value === "string" && numericText.test(value) ? Number(value) : value);

/**
 * A number given for a text key, as its decimal text: `pulumi config set --path mysql.database 2024` stores the
 * integer 2024. Only integers JavaScript holds exactly (at most 15 digits are always safe); a longer one has
 * lost digits on the way and is refused. At the top level Pulumi hands every value over as text, which
 * `rawConfigFromStack` parses, so there any number is the text the user typed.
 */
const textOfNumber = (value: number, topLevel: boolean): string | undefined =>
    Number.isSafeInteger(value) || (topLevel && Number.isFinite(value)) ? String(value) : undefined;

/**
 * Reads typed values by dotted path out of raw stack config or a settings object (it checks every value's type
 * itself), collecting every problem instead of stopping at the first, and remembering which keys it read so that
 * unknown keys (typos) can be reported too, and what it accepted for each key that was given.
 * Every reader returns the default when the key is absent and a usable fallback when it is wrong, so parsing
 * continues and later checks still run.
 */
export class ConfigReader {
    readonly problems: ConfigProblem[] = [];
    private readonly known = new Set<string>();
    /** The value each reader returned for a key that was given and accepted, by path. */
    private readonly accepted = new Map<string, RawValue>();

    constructor(
        private readonly raw: object,
        private readonly prefix: string,
    ) {}

    /** Every key a reader asked for so far, given or not. */
    get keysRead(): string[] {
        return [...this.known].sort();
    }

    /**
     * The keys that were given and accepted, nested as they were given, each holding what its reader returned
     * (numeric text as a number, a number for a text key as its text, "true" as true): the given settings in
     * their typed form.
     */
    acceptedValues(): RawConfig {
        const nested: RawConfig = {};
        for (const [path, value] of this.accepted) {
            const parts = path.split(".");
            let level = nested;
            for (const part of parts.slice(0, -1)) {
                const next = level[part];
                level = typeof next === "object" && next !== null && !Array.isArray(next) ? next : (level[part] = {});
            }
            level[parts[parts.length - 1]] = value;
        }
        return nested;
    }

    /** Records a problem for `path` with the value it holds. */
    fail(path: string, allowed: string): void {
        this.problems.push({ key: this.fullKey(path), given: describe(this.lookup(path)), allowed });
    }

    /** Whether the key is present (does not count as reading it). */
    has(path: string): boolean {
        return this.peek(path) !== undefined;
    }

    /** The raw value at `path`, without counting it as read. */
    peek(path: string): unknown {
        const value = this.lookup(path);
        return value === null ? undefined : value;
    }

    string(path: string, fallback: string, check?: (value: string) => string | undefined): string {
        const value = this.optionalString(path, check);
        return value ?? fallback;
    }

    optionalString(path: string, check?: (value: string) => string | undefined): string | undefined {
        let value = this.read(path);
        if (value === undefined) {
            return undefined;
        }
        if (typeof value === "number") {
            const text = textOfNumber(value, !path.includes("."));
            if (text === undefined) {
                this.fail(
                    path,
                    "expected a non-empty string; quote this number in the stack file (or set it with --type string): " +
                        "only whole numbers of at most 15 digits are taken as text",
                );
                return undefined;
            }
            value = text;
        }
        if (typeof value !== "string" || value === "") {
            this.fail(path, "expected a non-empty string");
            return undefined;
        }
        const complaint = check?.(value);
        if (complaint !== undefined) {
            this.fail(path, complaint);
            return undefined;
        }
        return this.accept(path, value);
    }

    /**
     * A Kubernetes quantity ("500m", "2Gi"), or a plain number (`cpu: 4` in YAML, or what `pulumi config set
     * --path x.cpu 4` stores), which is turned into its text form.
     */
    quantity(path: string, fallback: string, check: (value: string) => string | undefined): string {
        const value = this.peek(path);
        if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
            this.read(path);
            return this.accept(path, String(value));
        }
        return this.string(path, fallback, check);
    }

    oneOf<T extends string>(path: string, allowed: readonly T[], fallback: T): T {
        const value = this.read(path);
        if (value === undefined) {
            return fallback;
        }
        if (typeof value === "string" && (allowed as readonly string[]).includes(value)) {
            return this.accept(path, value as T);
        }
        this.fail(path, `expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`);
        return fallback;
    }

    boolean(path: string, fallback: boolean): boolean {
        const value = this.read(path);
        if (value === undefined) {
            return fallback;
        }
        if (typeof value === "boolean") {
            return this.accept(path, value);
        }
        if (value === "true" || value === "false") {
            // A quoted "true" in a stack file, or `pulumi config set --type string`.
            return this.accept(path, value === "true");
        }
        this.fail(path, "expected true or false");
        return fallback;
    }

    integer(path: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
        const value = numberOrText(this.read(path));
        if (value === undefined) {
            return fallback;
        }
        if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) {
            return this.accept(path, value);
        }
        const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
        this.fail(path, `expected an integer ${range}`);
        return fallback;
    }

    number(path: string, fallback: number, min: number, max: number): number {
        const value = numberOrText(this.read(path));
        if (value === undefined) {
            return fallback;
        }
        if (typeof value === "number" && Number.isFinite(value) && value >= min && value <= max) {
            return this.accept(path, value);
        }
        this.fail(path, `expected a number from ${min} to ${max}`);
        return fallback;
    }

    stringList(path: string, fallback: string[], check?: (value: string) => string | undefined): string[] {
        const value = this.read(path);
        if (value === undefined) {
            return fallback;
        }
        if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string" && v !== "")) {
            this.fail(path, "expected a list of non-empty strings");
            return fallback;
        }
        for (const item of value) {
            const complaint = check?.(item);
            if (complaint !== undefined) {
                this.fail(path, `${JSON.stringify(item)}: ${complaint}`);
                return fallback;
            }
        }
        return this.accept(path, value);
    }

    /** A map of strings; `check` sees each entry and returns what is allowed when it is wrong. */
    stringMap(
        path: string,
        fallback: Record<string, string>,
        check?: (key: string, value: string) => string | undefined,
    ): Record<string, string> {
        const value = this.read(path);
        if (value === undefined) {
            return fallback;
        }
        if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) {
            this.fail(path, "expected a map of strings to strings");
            return fallback;
        }
        const map = value as Record<string, string>;
        for (const [k, v] of Object.entries(map)) {
            const complaint = check?.(k, v);
            if (complaint !== undefined) {
                this.fail(path, `${JSON.stringify(k)}: ${complaint}`);
                return fallback;
            }
        }
        return this.accept(path, map);
    }

    /** Records a problem for a key that holds a secret, without echoing its value. */
    failSecret(path: string, allowed: string): void {
        this.problems.push({ key: this.fullKey(path), given: "[secret]", allowed });
    }

    /**
     * Reports every key present in the raw config that no reader asked for (a typo, or a key of another
     * version), naming the keys that are known at that level. Call it after every reader has run.
     */
    reportUnknownKeys(): void {
        const knownPaths = [...this.known];
        const walk = (value: unknown, path: string): void => {
            if (this.known.has(path)) {
                return;
            }
            const childrenKnown = knownPaths.filter((k) => path === "" || k.startsWith(`${path}.`));
            // A map of known keys is walked into (an empty one is like an absent one); an unknown map is
            // reported as a whole.
            if (isRecord(value) && childrenKnown.length > 0) {
                for (const [k, v] of Object.entries(value)) {
                    walk(v, path === "" ? k : `${path}.${k}`);
                }
                return;
            }
            const level = (k: string): string => k.slice(path === "" ? 0 : path.length + 1).split(".")[0];
            if (childrenKnown.length > 0) {
                const keys = [...new Set(childrenKnown.map(level))].sort();
                this.fail(path, `expected a map with keys ${keys.join(", ")}`);
                return;
            }
            const parent = path.includes(".") ? path.slice(0, path.lastIndexOf(".")) : "";
            const siblings = knownPaths
                .filter((k) => parent === "" || k.startsWith(`${parent}.`))
                .map((k) => k.slice(parent === "" ? 0 : parent.length + 1).split(".")[0]);
            // The value is not echoed: a mistyped key may hold a secret.
            this.problems.push({
                key: this.fullKey(path),
                given: "a value for an unknown key",
                allowed: `known keys here: ${[...new Set(siblings)].sort().join(", ")}`,
            });
        };
        walk(this.raw, "");
    }

    fullKey(path: string): string {
        return `${this.prefix}:${path}`;
    }

    private read(path: string): unknown {
        this.known.add(path);
        return this.peek(path);
    }

    private accept<T extends RawValue>(path: string, value: T): T {
        this.accepted.set(path, value);
        return value;
    }

    private lookup(path: string): unknown {
        let current: unknown = this.raw;
        for (const part of path.split(".")) {
            if (!isRecord(current)) {
                return undefined;
            }
            current = current[part];
        }
        return current;
    }
}

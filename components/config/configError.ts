/** One thing wrong with the stack config: the key, the value given, and what is allowed. */
export interface ConfigProblem {
    /** Full key, e.g. `milvus-cluster:readNodes.replicas`. */
    key: string;
    /** The value given, as JSON; `nothing` when the key is missing, `[secret]` for a secret. */
    given: string;
    /** What the key accepts. */
    allowed: string;
}

/** Thrown before any resource is registered; lists every problem found, not just the first. */
export class ConfigError extends Error {
    readonly problems: readonly ConfigProblem[];

    constructor(problems: readonly ConfigProblem[]) {
        const lines = problems.map((p) => `  - ${p.key}: got ${p.given}; ${p.allowed}`);
        super(
            `Invalid stack config (${problems.length} problem${problems.length === 1 ? "" : "s"}); ` +
                `nothing was deployed:\n${lines.join("\n")}`,
        );
        this.name = "ConfigError";
        this.problems = problems;
        // Where in the program the config was found wrong says nothing to the user, and formatting a stack
        // through the Pulumi SDK's source maps took 25-70 s of `pulumi preview` on a busy 2-core machine.
        this.stack = `${this.name}: ${this.message}`;
    }
}

import * as path from "node:path";
import { repo } from "./toolchain";

/** Where the random provider's stand-in is (see README, "End-to-end tier"): put on PATH for the engine to find. */
const randomStandInDir = path.join(repo, "e2e", "random-provider");

/** The environment the Pulumi CLI, its plugins and kubectl need to run a stack against the simulated cluster. */
export interface PulumiEnvironment {
    /** Directories to put in front of PATH: the toolchain's binaries and the random provider's stand-in. */
    pathPrefix: string[];
    /** Everything else, to set as is. */
    vars: Record<string, string>;
}

/** The toolchain on PATH, a file backend in `stateDir`, a passphrase secrets provider, the cluster's kubeconfig. */
export function pulumiEnvironment(o: {
    binDir: string;
    pulumiHome: string;
    stateDir: string;
    kubeconfigPath: string;
    passphrase: string;
}): PulumiEnvironment {
    return {
        pathPrefix: [o.binDir, randomStandInDir],
        vars: {
            PULUMI_HOME: o.pulumiHome,
            PULUMI_BACKEND_URL: `file://${o.stateDir}`,
            PULUMI_CONFIG_PASSPHRASE: o.passphrase,
            PULUMI_SKIP_UPDATE_CHECK: "1",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            KUBECONFIG: o.kubeconfigPath,
        },
    };
}

/** This process's environment with `environment` applied, for child processes. */
export const processEnvironment = (environment: PulumiEnvironment): NodeJS.ProcessEnv => ({
    ...process.env,
    PATH: [...environment.pathPrefix, process.env.PATH ?? ""].join(":"),
    ...environment.vars,
});

/** `value` as one word for a POSIX shell. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** A script for `source` that applies `environment` to an interactive shell. */
export const shellScript = (environment: PulumiEnvironment): string =>
    [
        `export PATH=${environment.pathPrefix.map(shellQuote).join(":")}:"$PATH"`,
        ...Object.entries(environment.vars).map(([name, value]) => `export ${name}=${shellQuote(value)}`),
    ].join("\n") + "\n";

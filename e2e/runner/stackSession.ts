import * as fs from "node:fs";
import * as path from "node:path";
import { Cluster } from "../cluster";
import { PulumiCli } from "./pulumiCli";
import { processEnvironment, pulumiEnvironment } from "./pulumiEnv";

/**
 * The Pulumi CLI of one stack on one simulated cluster, its project copied into `<workDir>/project`: a file
 * backend in `<workDir>/state`, the tier's toolchain and the random stand-in on PATH, no network.
 */
export function stackCli(workDir: string, cluster: Cluster, binDir: string, log: (line: string) => void): PulumiCli {
    const env: NodeJS.ProcessEnv = {
        ...processEnvironment(
            pulumiEnvironment({
                binDir,
                pulumiHome: path.join(workDir, "pulumi-home"),
                stateDir: path.join(workDir, "state"),
                kubeconfigPath: cluster.kubeconfigPath,
                passphrase: "e2e-only-passphrase",
            }),
        ),
        PULUMI_SKIP_CONFIRMATIONS: "true",
        NO_COLOR: "1",
    };
    fs.mkdirSync(path.join(workDir, "state"), { recursive: true });
    return new PulumiCli(path.join(workDir, "project"), env, path.join(workDir, "logs"), log);
}

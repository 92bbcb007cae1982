import * as fs from "node:fs";
import * as path from "node:path";
import { Cluster } from "../cluster";
import { PulumiCli } from "./pulumiCli";

const repo = path.resolve(__dirname, "..", "..");

/**
 * The project files a stack needs, copied so that `pulumi config set` never touches the repo's stack files.
 * `stackFile` is the repo's stack file to start from (default `Pulumi.<stack>.yaml`).
 */
export function projectCopy(dir: string, stack: string, stackFile = `Pulumi.${stack}.yaml`): void {
    fs.mkdirSync(dir, { recursive: true });
    for (const file of ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]) {
        fs.copyFileSync(path.join(repo, file), path.join(dir, file));
    }
    fs.copyFileSync(path.join(repo, stackFile), path.join(dir, `Pulumi.${stack}.yaml`));
    fs.cpSync(path.join(repo, "components"), path.join(dir, "components"), { recursive: true });
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
}

/** The Pulumi CLI of one stack on one simulated cluster: local file backend, no network, the tier's toolchain. */
export function stackCli(workDir: string, cluster: Cluster, binDir: string, log: (line: string) => void): PulumiCli {
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: [binDir, path.join(repo, "e2e", "random-provider"), process.env.PATH ?? ""].join(":"),
        PULUMI_HOME: path.join(workDir, "pulumi-home"),
        PULUMI_BACKEND_URL: `file://${path.join(workDir, "state")}`,
        PULUMI_CONFIG_PASSPHRASE: "e2e-only-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "1",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        KUBECONFIG: cluster.kubeconfigPath,
        NO_COLOR: "1",
    };
    fs.mkdirSync(path.join(workDir, "state"), { recursive: true });
    return new PulumiCli(path.join(workDir, "project"), env, path.join(workDir, "logs"), log);
}

import * as fs from "node:fs";
import * as path from "node:path";
import { Cluster } from "../cluster";
import { RolloutConfig } from "../../components/config/types";
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

/**
 * How long `pulumi up` waits for a workload here: the program's `rollout.*` keys, as small as they go (a
 * simulated pod starts at once; a read-only one then stays Ready 10 s before the next rolls).
 */
export const e2eRollout: Pick<RolloutConfig, "baseSeconds" | "perPodSeconds"> = { baseSeconds: 30, perPodSeconds: 15 };

/** `pulumi config set --path KEY VALUE` on the stack. */
export const setConfig = async (pulumi: PulumiCli, stack: string, key: string, value: string): Promise<void> => {
    await pulumi.run(["config", "set", "--path", key, value, "--stack", stack], { quiet: true });
};

/** `pulumi config rm --path KEY` on the stack. */
export const unsetConfig = async (pulumi: PulumiCli, stack: string, key: string): Promise<void> => {
    await pulumi.run(["config", "rm", "--path", key, "--stack", stack], { quiet: true });
};

/** The commands the tier runs on `stack`, as arguments of the Pulumi CLI: no prompt, no colour. */
export function stackCommands(stack: string): { preview: string[]; previewNoChanges: string[]; up: string[]; destroy: string[] } {
    const onStack = ["--stack", stack, "--color", "never"];
    return {
        preview: ["preview", ...onStack],
        previewNoChanges: ["preview", "--expect-no-changes", ...onStack],
        up: ["up", "--yes", "--skip-preview", ...onStack],
        destroy: ["destroy", "--yes", "--skip-preview", ...onStack],
    };
}

/**
 * Creates the stack on the file backend in `<workDir>/state` and sets only what the simulated cluster needs:
 * its kubeconfig and the short rollout time-outs.
 */
export async function initStack(pulumi: PulumiCli, stack: string, workDir: string, cluster: Cluster): Promise<void> {
    await pulumi.run(["login", `file://${path.join(workDir, "state")}`], { quiet: true });
    await pulumi.run(["stack", "init", stack, "--secrets-provider", "passphrase"]);
    await setConfig(pulumi, stack, "kubernetes.kubeconfig", cluster.kubeconfigPath);
    await setConfig(pulumi, stack, "rollout.baseSeconds", String(e2eRollout.baseSeconds));
    await setConfig(pulumi, stack, "rollout.perPodSeconds", String(e2eRollout.perPodSeconds));
}

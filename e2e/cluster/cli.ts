/**
 * For humans: a simulated cluster in the foreground.
 *
 *   node --import tsx e2e/cluster/cli.ts up [workDir]     start it, print the kubeconfig path, run until Ctrl-C
 *   node --import tsx e2e/cluster/cli.ts down [workDir]   kill what a crashed `up` left running (by its pidfile)
 *
 * workDir defaults to $TMPDIR/milvus-cluster-e2e-cluster. Binaries from $MILVUS_E2E_BIN or the toolchain cache.
 */
import * as os from "node:os";
import * as path from "node:path";
import { killLeftovers } from "./processes";
import { startCluster } from "./cluster";

const usage = "usage: node --import tsx e2e/cluster/cli.ts up|down [workDir]";

async function main(argv: string[]): Promise<void> {
    const [command, dir] = argv;
    const workDir = path.resolve(dir ?? path.join(os.tmpdir(), "milvus-cluster-e2e-cluster"));
    const log = (line: string): void => {
        process.stderr.write(`${line}\n`);
    };
    switch (command) {
        case "up": {
            // Our own signal handling: stop the whole cluster (volume keeper included), then exit 0.
            const cluster = await startCluster({ workDir, binDir: process.env.MILVUS_E2E_BIN, log, handleSignals: false });
            process.stdout.write(`${cluster.kubeconfigPath}\n`);
            log(`\n  export KUBECONFIG=${cluster.kubeconfigPath}\n  kubectl get nodes\n\nCtrl-C stops the cluster.`);
            const stop = (): void => {
                void cluster.stop().then(() => process.exit(0));
            };
            process.once("SIGINT", stop);
            process.once("SIGTERM", stop);
            // The children are unref'd: keep Node alive until a signal.
            setInterval(() => undefined, 1 << 30);
            return;
        }
        case "down": {
            const killed = await killLeftovers(path.join(workDir, "cluster.pids"), log);
            log(killed.length === 0 ? "nothing left running" : `killed ${killed.join(", ")}`);
            return;
        }
        default:
            throw new Error(usage);
    }
}

main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
});

// Try it without a cluster (README.md, "Try it locally"):
//
//   npm run local -- [stack]     deploy Pulumi.<stack>.yaml (default dev) onto the simulated GPU cluster, leave it running
//   npm run local:down           stop the cluster and every process of it; forget the stack's state
//
// The cluster is the e2e tier's (e2e/cluster), run in the background by a detached `e2e/cluster/cli.ts up`
// whose PID is kept in .local/cluster-daemon.json; a second `npm run local` reuses it while that process
// lives and its API server answers /readyz. Everything lives in the project-local, git-ignored .local/
// (MILVUS_LOCAL_DIR moves it). The engine and the kubernetes provider are the real ones; the nodes are kwok's
// (pods never start containers) and pulumi-resource-random is the e2e tier's stand-in.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AttachedCluster, attachCluster, killLeftovers } from "./cluster";
import { tailFile } from "./cluster/processes";
import { ClusterState, componentOf, gpusHeld } from "./runner/clusterState";
import { projectCopy } from "./runner/project";
import { killRunningCommands, PulumiCli } from "./runner/pulumiCli";
import { processEnvironment, pulumiEnvironment, shellQuote, shellScript } from "./runner/pulumiEnv";
import { isRunning, processesUnder, StrayProcess } from "./runner/strays";
import { repo, toolchain } from "./runner/toolchain";
import { componentLabels } from "../components/kube/labels";

const localDir = path.resolve(process.env.MILVUS_LOCAL_DIR ?? path.join(repo, ".local"));
const files = {
    /** startCluster's workDir: certificates, kubeconfigs, etcd data, logs, cluster.pids. */
    cluster: path.join(localDir, "cluster"),
    /** The background cluster process: `{ pid, startedAt }`. */
    daemon: path.join(localDir, "cluster-daemon.json"),
    daemonLog: path.join(localDir, "cluster.log"),
    /** The background process's stdout: the kubeconfig path, written once the cluster is up. */
    ready: path.join(localDir, "cluster.ready"),
    project: path.join(localDir, "project"),
    state: path.join(localDir, "state"),
    pulumiHome: path.join(localDir, "pulumi-home"),
    logs: path.join(localDir, "logs"),
    env: path.join(localDir, "env.sh"),
};
const clusterCli = path.join(repo, "e2e", "cluster", "cli.ts");
/** Secrets of the local stack are encrypted with this; it is in env.sh, as the stack is a throwaway. */
const passphrase = "local-only-passphrase";
const startTimeoutMs = 300_000;

const log = (line: string): void => {
    process.stderr.write(`[local ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface DaemonRecord {
    pid: number;
    startedAt: string;
}

/** The background cluster process, if it is still the one recorded (its command line names our cluster dir). */
function liveDaemon(): DaemonRecord | undefined {
    let record: DaemonRecord;
    try {
        record = JSON.parse(fs.readFileSync(files.daemon, "utf8")) as DaemonRecord;
    } catch {
        return undefined;
    }
    try {
        const args = fs.readFileSync(`/proc/${record.pid}/cmdline`, "utf8").split("\0");
        return isRunning(record.pid) && args.includes(clusterCli) && args.includes(files.cluster) ? record : undefined;
    } catch {
        return undefined;
    }
}

/** The running cluster, if its background process lives and its API server answers /readyz. */
async function healthyCluster(): Promise<AttachedCluster | undefined> {
    if (liveDaemon() === undefined || !fs.existsSync(files.ready) || fs.readFileSync(files.ready, "utf8").trim() === "") {
        return undefined;
    }
    const cluster = attachCluster(files.cluster);
    try {
        if (cluster !== undefined && (await cluster.api.request("GET", "/readyz", undefined, { timeoutMs: 3000 })).status === 200) {
            return cluster;
        }
    } catch {
        // not answering
    }
    cluster?.api.close();
    return undefined;
}

/** Starts the cluster in a detached background process and waits until it is up. */
async function startDaemon(binDir: string): Promise<void> {
    fs.mkdirSync(localDir, { recursive: true });
    const out = fs.openSync(files.ready, "w");
    const err = fs.openSync(files.daemonLog, "w");
    const child = spawn(process.execPath, ["--import", "tsx", clusterCli, "up", files.cluster], {
        cwd: repo,
        detached: true,
        stdio: ["ignore", out, err],
        env: { ...process.env, MILVUS_E2E_BIN: binDir },
    });
    fs.closeSync(out);
    fs.closeSync(err);
    if (child.pid === undefined) {
        throw new Error(`could not start ${clusterCli}`);
    }
    let exit: string | undefined;
    child.once("exit", (code, signal) => (exit = signal === null ? `exit code ${code}` : `signal ${signal}`));
    child.unref();
    const record: DaemonRecord = { pid: child.pid, startedAt: new Date().toISOString() };
    fs.writeFileSync(files.daemon, `${JSON.stringify(record)}\n`);
    log(`starting the simulated cluster in the background (pid ${child.pid}; log ${files.daemonLog})`);
    const deadline = Date.now() + startTimeoutMs;
    while (fs.readFileSync(files.ready, "utf8").trim() === "") {
        if (exit !== undefined || Date.now() > deadline) {
            const why = exit ?? `not up after ${startTimeoutMs / 1000}s`;
            await stopCluster();
            throw new Error(
                `the simulated cluster did not start (${why}); last lines of ${files.daemonLog}:\n${tailFile(files.daemonLog)}`,
            );
        }
        await sleep(200);
    }
}

/**
 * Stops the background cluster process (SIGTERM: it stops the cluster's processes in order; SIGKILL after
 * 30 s, when the cluster's processes die with it through their parent-death signal), then kills by PID
 * whatever the cluster's pidfile still lists.
 */
async function stopCluster(): Promise<void> {
    const daemon = liveDaemon();
    if (daemon !== undefined) {
        log(`stopping the simulated cluster (pid ${daemon.pid})`);
        process.kill(daemon.pid, "SIGTERM");
        const deadline = Date.now() + 30_000;
        while (isRunning(daemon.pid) && Date.now() < deadline) {
            await sleep(100);
        }
        if (isRunning(daemon.pid)) {
            log(`pid ${daemon.pid} ignored SIGTERM for 30 s: killed`);
            process.kill(daemon.pid, "SIGKILL");
        }
    }
    await killLeftovers(path.join(files.cluster, "cluster.pids"), log);
    fs.rmSync(files.daemon, { force: true });
    fs.rmSync(files.ready, { force: true });
}

/**
 * The stack's state, project copy and shell environment. They describe objects of a cluster whose etcd the
 * next start wipes, so they go with the cluster.
 */
function forgetStack(): void {
    for (const p of [files.state, files.project, files.pulumiHome, files.env]) {
        fs.rmSync(p, { recursive: true, force: true });
    }
}

/**
 * The processes of the local setup: those whose command line names a file in it (the background cluster
 * process and the cluster's), and Pulumi processes (the CLI, its plugins, the Node program) working in it.
 * A shell whose working directory happens to be .local/project is not one of them.
 */
const localProcesses = (): StrayProcess[] =>
    processesUnder(localDir, { cmdline: true }).filter((p) => p.named || /^(pulumi|node$)/.test(path.basename(p.args[0] ?? "")));

const localCommand = `npm --prefix ${shellQuote(repo)} run local`;

/** A new simulated cluster in the background, after stopping whatever is left of an earlier one. */
async function freshCluster(binDir: string): Promise<AttachedCluster> {
    const started = Date.now();
    // What is left of an earlier cluster (one that crashed, or a machine that rebooted) goes, and with it the
    // state of the stack that was on it.
    await stopCluster();
    if (fs.existsSync(files.state)) {
        log(`the earlier cluster is gone: removing the state of the stack that was on it (${files.state})`);
    }
    forgetStack();
    await startDaemon(binDir);
    const cluster = await healthyCluster();
    if (cluster === undefined) {
        throw new Error(`the simulated cluster started but does not answer; see ${files.daemonLog}`);
    }
    log(`simulated cluster up in ${((Date.now() - started) / 1000).toFixed(1)}s: API server ${cluster.apiServerUrl}`);
    return cluster;
}

async function up(stack: string): Promise<void> {
    if (!fs.existsSync(path.join(repo, `Pulumi.${stack}.yaml`))) {
        throw new Error(`no Pulumi.${stack}.yaml in ${repo}`);
    }
    log("The Pulumi engine and the kubernetes provider here are the real ones. The cluster is simulated: real etcd,");
    log("API server, scheduler and controllers, nodes by kwok, so pods are scheduled and marked Running but never");
    log("start a container. pulumi-resource-random is a stand-in (e2e/random-provider; see README).");
    const binDir = await toolchain();
    fs.mkdirSync(localDir, { recursive: true });
    const existing = await healthyCluster();
    if (existing !== undefined) {
        log(`reusing the running simulated cluster (pid ${liveDaemon()?.pid}, API server ${existing.apiServerUrl})`);
    }
    const cluster = existing ?? (await freshCluster(binDir));
    try {
        await deploy(stack, binDir, cluster);
    } finally {
        cluster.api.close();
    }
}

async function deploy(stack: string, binDir: string, cluster: AttachedCluster): Promise<void> {
    const environment = pulumiEnvironment({
        binDir,
        pulumiHome: files.pulumiHome,
        stateDir: files.state,
        kubeconfigPath: cluster.kubeconfigPath,
        passphrase,
    });
    environment.vars.MILVUS_LOCAL_DIR = localDir;
    fs.writeFileSync(
        files.env,
        `# Written by \`npm run local\`: the environment of the local stack. Use: source ${shellQuote(files.env)}\n${shellScript(environment)}`,
    );
    fs.mkdirSync(files.state, { recursive: true });
    // The program is copied anew each time; the stack's config, with what `pulumi config set` put there, stays.
    projectCopy(files.project, stack, { keepStackConfig: true });
    const pulumi = new PulumiCli(files.project, processEnvironment(environment), files.logs, log);
    await pulumi.run(["login", `file://${files.state}`], { quiet: true });
    const stacks = (JSON.parse((await pulumi.run(["stack", "ls", "--json"], { quiet: true })).stdout) as { name: string }[]).map(
        (s) => s.name,
    );
    const others = stacks.filter((s) => s !== stack);
    if (others.length > 0) {
        throw new Error(
            `stack ${others.join(", ")} is on the local cluster already: one stack at a time (both stacks declare the ` +
                `same device plugin). Remove it (source ${shellQuote(files.env)}; cd ${shellQuote(files.project)}; ` +
                `pulumi destroy --stack ${others[0]}; pulumi stack rm ${others[0]}), or start afresh with ${localCommand}:down`,
        );
    }
    if (stacks.includes(stack)) {
        await pulumi.run(["stack", "select", stack], { quiet: true });
    } else {
        await pulumi.run(["stack", "init", stack, "--secrets-provider", "passphrase"]);
        await pulumi.run(["config", "set", "kubernetes.kubeconfig", cluster.kubeconfigPath, "--stack", stack], { quiet: true });
    }
    await pulumi.run(["up", "--yes", "--skip-preview", "--stack", stack], { echo: true });

    const outputs = JSON.parse((await pulumi.run(["stack", "output", "--json", "--stack", stack], { quiet: true })).stdout) as Record<
        string,
        unknown
    >;
    const namespace = typeof outputs.namespace === "string" ? outputs.namespace : `milvus-${stack}`;
    const print = (line = ""): void => {
        process.stdout.write(`${line}\n`);
    };
    print();
    print(`Stack ${stack} is up on the simulated cluster. Outputs:`);
    for (const [key, value] of Object.entries(outputs)) {
        print(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
    print();
    for (const line of await placement(new ClusterState(cluster.api), namespace)) {
        print(line);
    }
    print();
    print("Next, copy and paste (the cluster keeps running in the background):");
    for (const command of [
        `source ${shellQuote(files.env)}    # PATH (pulumi, kubectl, the random stand-in), PULUMI_*, KUBECONFIG`,
        "kubectl get pods -A -o wide",
        `cd ${shellQuote(files.project)}`,
        `pulumi config set --stack ${stack} --path readNodes.replicas 3`,
        `pulumi preview --stack ${stack}`,
        `pulumi up --stack ${stack}`,
        `pulumi destroy --stack ${stack}`,
        `${localCommand}:down    # stops the cluster and every process of it; the stack's state goes with it`,
    ]) {
        print(`    ${command}`);
    }
    print();
    print(`${localCommand} -- ${stack} again reuses the running cluster and keeps the stack's config.`);
}

/** Where the pods landed: a table of the stack's pods and the device plugin's, and any misplacement. */
async function placement(state: ClusterState, namespace: string): Promise<string[]> {
    const gpuNodes = await state.gpuNodes();
    const pods = [
        ...(await state.pods("kube-system")).filter((p) => componentOf(p) === componentLabels.devicePlugin),
        ...(await state.pods(namespace)),
    ];
    const rows = pods.map((pod) => {
        const node = pod.spec?.nodeName;
        const gpus = gpusHeld(pod);
        const kind = node === undefined ? "-" : gpuNodes.has(node) ? "GPU" : "CPU";
        return [
            pod.metadata.namespace ?? namespace,
            pod.metadata.name,
            pod.status?.phase ?? "?",
            node ?? "(not scheduled)",
            kind,
            String(gpus),
        ];
    });
    const header = ["NAMESPACE", "POD", "PHASE", "NODE", "NODE KIND", "GPUS HELD"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]): string => `  ${cells.map((c, i) => c.padEnd(widths[i])).join("  ")}`.trimEnd();
    const { problems, gpuPods } = await state.placementProblems(namespace);
    return [
        `Where the pods landed (${gpuNodes.size} GPU nodes, tainted nvidia.com/gpu; the device plugin runs on each):`,
        line(header),
        ...rows.map(line),
        problems.length === 0
            ? `  ${gpuPods} Milvus server pods hold a GPU on a GPU node; every other pod of ${namespace} runs on a CPU node.`
            : `  Misplaced:\n    ${problems.join("\n    ")}`,
    ];
}

async function down(): Promise<number> {
    await stopCluster();
    for (const p of localProcesses()) {
        log(`killing ${p.pid}: ${p.args.join(" ").slice(0, 160)}`);
        try {
            process.kill(p.pid, "SIGKILL");
        } catch {
            // gone meanwhile
        }
    }
    forgetStack();
    let left = localProcesses();
    for (let waited = 0; left.length > 0 && waited < 50; waited += 1) {
        await sleep(100);
        left = localProcesses();
    }
    if (left.length > 0) {
        log(`still running:\n  ${left.map((p) => `${p.pid}: ${p.args.join(" ")}`).join("\n  ")}`);
        return 1;
    }
    log(`the simulated cluster is stopped and no process of it is left running. The stack's state, project copy and`);
    log(`env.sh are removed with it (they described objects of that cluster); logs stay in ${localDir}.`);
    return 0;
}

async function main(argv: string[]): Promise<number> {
    const [command, stack, ...rest] = argv;
    if (command === "up" && rest.length === 0) {
        await up(stack ?? "dev");
        return 0;
    }
    if (command === "down" && stack === undefined) {
        return down();
    }
    throw new Error("usage: npm run local -- [stack]   |   npm run local:down");
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
        killRunningCommands();
        log(`interrupted: the simulated cluster, if it started, keeps running (${localCommand}:down stops it)`);
        process.exit(130);
    });
}
main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        killRunningCommands();
        log(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
    },
);

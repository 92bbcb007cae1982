/**
 * `npm run local`, driven as a user would (README.md, "Try it locally"):
 *
 *   npm run test:local          (.ci/run runs it after the e2e tier; it builds the toolchain if missing)
 *
 * Deploys dev onto the simulated cluster with `npm run local`, then runs the commands it prints, parsed from
 * its output, in bash: kubectl, `pulumi config set` + `pulumi preview`; runs `npm run local` again (it must
 * reuse the cluster and apply the config set), the printed `pulumi destroy`, and the printed
 * `npm run local:down`, and checks that no process of it is left running. Works in .local-test/
 * (MILVUS_LOCAL_DIR), so a developer's own .local/ cluster is left alone.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { isRunning, processesUnder } from "./runner/strays";
import { repo } from "./runner/toolchain";

const localDir = path.join(repo, ".local-test");

interface Ran {
    code: number | null;
    stdout: string;
    stderr: string;
    seconds: number;
}

/** Runs a command to its end; its stderr is echoed (progress), both are kept. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
    const started = Date.now();
    const child = spawn(command, args, { cwd: repo, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString("utf8");
        process.stderr.write(c);
    });
    // Colour codes, should a command add them, are not what the assertions read.
    // eslint-disable-next-line no-control-regex -- ESC (\x1b) is what starts a colour code
    const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, "");
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) =>
            resolve({ code, stdout: plain(stdout), stderr: plain(stderr), seconds: (Date.now() - started) / 1000 }),
        );
    });
}

const npmLocal = (script: "local" | "local:down"): Promise<Ran> =>
    run("npm", ["run", "--silent", script], { ...process.env, MILVUS_LOCAL_DIR: localDir });

/** The printed commands run in a fresh bash with the test's own environment: env.sh must bring the rest. */
const shell = (...lines: string[]): Promise<Ran> => run("bash", ["-c", ["set -euo pipefail", ...lines].join("\n")], process.env);

/** The block of commands after "Next, copy and paste", one a line. */
function printedCommands(stdout: string): string[] {
    const lines = stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith("Next, copy and paste"));
    assert.ok(start >= 0, `no commands printed:\n${stdout}`);
    const end = lines.findIndex((l, i) => i > start && l.trim() === "");
    return lines.slice(start + 1, end).map((l) => l.trim());
}

const pick = (commands: string[], what: RegExp): string => {
    const found = commands.find((c) => what.test(c));
    assert.ok(found !== undefined, `no command matching ${what} in:\n${commands.join("\n")}`);
    return found;
};

/** Every PID the local cluster runs: its background process and the cluster's processes. */
function clusterPids(): number[] {
    const daemon = JSON.parse(fs.readFileSync(path.join(localDir, "cluster-daemon.json"), "utf8")) as { pid: number };
    const listed = fs
        .readFileSync(path.join(localDir, "cluster", "cluster.pids"), "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => (JSON.parse(l) as { pid: number }).pid);
    return [daemon.pid, ...listed];
}

describe("npm run local", { timeout: 60 * 60_000 }, () => {
    let commands: string[] = [];
    const source = (): string => pick(commands, /^source /);
    const cd = (): string => pick(commands, /^cd /);

    before(async () => {
        // What an interrupted earlier run of this test left.
        if (fs.existsSync(localDir)) {
            assert.equal((await npmLocal("local:down")).code, 0);
        }
    });

    after(async () => {
        // Also when a step failed: leave nothing running.
        if (fs.existsSync(path.join(localDir, "cluster-daemon.json"))) {
            await npmLocal("local:down");
        }
    });

    it("deploys dev, prints its outputs, where the pods landed, and the commands to use next", async () => {
        const result = await npmLocal("local");
        assert.equal(result.code, 0, result.stderr.slice(-3000));
        process.stderr.write(`[test] npm run local: ${result.seconds.toFixed(1)}s\n${result.stdout}`);
        assert.match(result.stderr, /starting the simulated cluster in the background/);
        assert.match(result.stdout, /Stack dev is up on the simulated cluster/);
        assert.match(result.stdout, /proxyEndpoint: milvus-proxy-servers\.milvus-dev\.svc\.cluster\.local:19530/);
        // Milvus servers on GPU nodes holding one GPU each; the placement check found nothing misplaced.
        assert.match(result.stdout, /milvus-dev\s+milvus-wo-servers-\S+\s+Running\s+kwok-gpu-\d+\s+GPU\s+1/);
        assert.match(result.stdout, /3 Milvus server pods hold a GPU on a GPU node/);
        commands = printedCommands(result.stdout);
        for (const what of [
            /^source /,
            /^kubectl get pods -A/,
            /^cd /,
            /^pulumi config set /,
            /^pulumi preview /,
            /^pulumi destroy /,
            /run local:down/,
        ]) {
            pick(commands, what);
        }
    });

    it("the printed kubectl command shows the pods, the Milvus servers on GPU nodes, with a kubectl of the API server's version", async () => {
        const result = await shell(source(), "kubectl version --client", pick(commands, /^kubectl get pods -A/));
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /Client Version: v1\.35\./);
        const servers = result.stdout.split("\n").filter((l) => /^milvus-dev\s+milvus-(wo|ro)-servers-/.test(l));
        assert.equal(servers.length, 3, result.stdout);
        for (const line of servers) {
            assert.match(line, /\sRunning\s.*\skwok-gpu-\d+\s/, line);
        }
        assert.match(result.stdout, /^kube-system\s+nvidia-device-plugin-daemonset-/m);
    });

    it("the printed pulumi config set + pulumi preview show the change as an in-place update", async () => {
        const result = await shell(source(), cd(), pick(commands, /^pulumi config set /), pick(commands, /^pulumi preview /));
        assert.equal(result.code, 0, result.stderr);
        process.stderr.write(result.stdout);
        assert.match(result.stdout, /~ +kubernetes:apps\/v1:StatefulSet milvus-read-nodes-statefulset update/);
        assert.match(result.stdout, /\d+ to update/);
        assert.doesNotMatch(result.stdout, /to (replace|delete|create)/);
    });

    it("a second npm run local reuses the running cluster and applies the config set", async () => {
        const before = clusterPids();
        const result = await npmLocal("local");
        assert.equal(result.code, 0, result.stderr.slice(-3000));
        process.stderr.write(`[test] second npm run local: ${result.seconds.toFixed(1)}s\n`);
        assert.match(result.stderr, /reusing the running simulated cluster/);
        assert.doesNotMatch(result.stderr, /starting the simulated cluster/);
        assert.deepEqual(clusterPids(), before);
        const readNodes = result.stdout.split("\n").filter((l) => /milvus-ro-servers-\S+\s+Running\s+kwok-gpu-\d+\s+GPU\s+1/.test(l));
        assert.equal(readNodes.length, 3, result.stdout);
        assert.deepEqual(printedCommands(result.stdout), commands);
    });

    it("the printed pulumi destroy removes the stack's namespace", async () => {
        // The printed command asks for confirmation on a terminal; this test has none, so it adds --yes.
        const result = await shell(source(), cd(), `${pick(commands, /^pulumi destroy /)} --yes`, "kubectl get namespaces");
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /Resources:\s*\n\s*-? ?\d+ deleted/);
        assert.doesNotMatch(result.stdout, /^milvus-dev\s/m);
    });

    it("the printed npm run local:down stops every process of it", async () => {
        const pids = clusterPids();
        assert.ok(pids.every(isRunning), "the cluster was running");
        const result = await shell(source(), pick(commands, /run local:down/));
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stderr, /no process of it is left running/);
        assert.deepEqual(pids.filter(isRunning), [], "processes of the local cluster still running");
        assert.deepEqual(processesUnder(localDir, { cmdline: true }), [], "processes still working in or naming .local-test");
        for (const gone of ["cluster-daemon.json", "state", "env.sh"]) {
            assert.ok(!fs.existsSync(path.join(localDir, gone)), `${gone} is left`);
        }
    });
});

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** What one `pulumi` command did. */
export interface PulumiResult {
    code: number;
    stdout: string;
    stderr: string;
    seconds: number;
    logPath: string;
}

/** Child process groups still running, killed on interrupt (see {@link killRunningCommands}). */
const running = new Set<number>();

/** Kills every `pulumi` command still running (its whole process group: engine, language host, plugins). */
export function killRunningCommands(): void {
    for (const pid of running) {
        try {
            process.kill(-pid, "SIGKILL");
        } catch {
            // already gone
        }
    }
    running.clear();
}

/**
 * Runs the Pulumi CLI in one project directory with a fixed environment, each command's output kept in its
 * own log file and its last lines echoed on failure.
 */
export class PulumiCli {
    private counter = 0;

    constructor(
        private readonly cwd: string,
        private readonly env: NodeJS.ProcessEnv,
        private readonly logDir: string,
        private readonly log: (line: string) => void,
    ) {
        fs.mkdirSync(logDir, { recursive: true });
    }

    /**
     * Runs `pulumi <args>`; throws with the output's tail unless it exits 0 or `expectFailure` is set. With
     * `echo`, its output is also shown on stderr as it comes.
     */
    async run(args: string[], opts: { expectFailure?: boolean; quiet?: boolean; echo?: boolean } = {}): Promise<PulumiResult> {
        this.counter += 1;
        const logPath = path.join(
            this.logDir,
            `${String(this.counter).padStart(2, "0")}-${args
                .slice(0, 2)
                .join("-")
                .replace(/[^\w.-]/g, "_")}.log`,
        );
        const started = Date.now();
        if (!opts.quiet) {
            this.log(`$ pulumi ${args.join(" ")}`);
        }
        const child = spawn("pulumi", args, { cwd: this.cwd, env: this.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
        if (child.pid !== undefined) {
            running.add(child.pid);
        }
        let stdout = "";
        let stderr = "";
        const file = fs.createWriteStream(logPath);
        const keep = (chunk: Buffer): string => {
            file.write(chunk);
            if (opts.echo) {
                process.stderr.write(chunk);
            }
            return chunk.toString("utf8");
        };
        child.stdout.on("data", (chunk: Buffer) => (stdout += keep(chunk)));
        child.stderr.on("data", (chunk: Buffer) => (stderr += keep(chunk)));
        const code = await new Promise<number>((resolve, reject) => {
            child.on("error", reject);
            child.on("close", (c, signal) => resolve(c ?? (signal === null ? 1 : 128)));
        });
        if (child.pid !== undefined) {
            running.delete(child.pid);
        }
        await new Promise<void>((resolve) => file.end(resolve));
        const result = { code, stdout, stderr, seconds: (Date.now() - started) / 1000, logPath };
        if (code !== 0 && !opts.expectFailure) {
            throw new Error(
                `pulumi ${args.join(" ")} exited ${code} after ${result.seconds.toFixed(1)}s; last lines of ${logPath}:\n${tail(stdout + stderr, 40)}`,
            );
        }
        if (code === 0 && opts.expectFailure) {
            throw new Error(`pulumi ${args.join(" ")} succeeded but was expected to fail; see ${logPath}`);
        }
        return result;
    }
}

export const tail = (text: string, lines: number): string => text.trimEnd().split("\n").slice(-lines).join("\n");

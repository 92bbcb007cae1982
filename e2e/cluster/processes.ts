import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** How a child ended. */
export interface ExitInfo {
    code: number | null;
    signal: NodeJS.Signals | null;
}

/** One process of the simulated cluster. */
export interface ManagedProcess {
    name: string;
    pid: number;
    binary: string;
    logPath: string;
    /** Settles when the process has exited (never rejects). */
    exited: Promise<ExitInfo>;
    /** Set once it has exited. */
    exit?: ExitInfo;
}

/** A line of the pidfile. */
interface PidRecord {
    name: string;
    pid: number;
    /** Real path of the binary, compared with /proc/<pid>/exe before killing a leftover. */
    exe: string;
}

// util-linux setpriv sets PR_SET_PDEATHSIG before exec'ing the binary: the child gets SIGKILL when this Node
// process dies, even by SIGKILL, when no exit handler can run. Used when present.
const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => fs.existsSync(p));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const alive = (pid: number): boolean => {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM";
    }
};

const exeOf = (pid: number): string | undefined => {
    try {
        return fs.readlinkSync(`/proc/${pid}/exe`);
    } catch {
        return undefined;
    }
};

/** Last `lines` lines of a log file, for error messages. */
export function tailFile(file: string, lines = 25): string {
    try {
        const size = fs.statSync(file).size;
        const fd = fs.openSync(file, "r");
        try {
            const len = Math.min(size, 64 * 1024);
            const buf = Buffer.alloc(len);
            fs.readSync(fd, buf, 0, len, size - len);
            return buf
                .toString("utf8")
                .split("\n")
                .slice(-lines - 1)
                .join("\n")
                .trimEnd();
        } finally {
            fs.closeSync(fd);
        }
    } catch (e) {
        return `(no log: ${(e as Error).message})`;
    }
}

const liveGroups = new Set<ProcessGroup>();
let exitHandlerInstalled = false;
let signalHandlersInstalled = false;

/**
 * Once per Node process: an `exit` handler that SIGKILLs every child still running. It also runs when Node
 * dies of an uncaught exception or an unhandled rejection (not on SIGKILL: there setpriv's parent-death
 * signal does the job, and the pidfile lets the next run clean up).
 */
function installExitHandler(): void {
    if (exitHandlerInstalled) {
        return;
    }
    exitHandlerInstalled = true;
    process.on("exit", () => {
        for (const group of liveGroups) {
            group.killAllSync("SIGKILL");
        }
    });
}

/**
 * Once per Node process: SIGINT/SIGTERM/SIGHUP handlers that stop every group gracefully and then re-raise
 * the signal if no other listener handles it (so the process still dies of it, as it would without us).
 */
function installSignalHandlers(): void {
    if (signalHandlersInstalled) {
        return;
    }
    signalHandlersInstalled = true;
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
        const handler = (): void => {
            process.removeListener(signal, handler);
            const stops = [...liveGroups].map((g) => g.stop({ graceMs: 3000 }));
            void Promise.allSettled(stops).then(() => {
                if (process.listenerCount(signal) === 0) {
                    process.kill(process.pid, signal);
                }
            });
        };
        process.on(signal, handler);
    }
}

/**
 * The processes of one simulated cluster. Children run in their own process group (a terminal's Ctrl-C
 * reaches only us, and we stop them in order), are unref'd (they never keep Node alive), have their output
 * in a log file, and are listed in a pidfile so that a later run can kill what a crashed run left behind.
 */
export class ProcessGroup {
    private readonly procs: ManagedProcess[] = [];
    private stopping?: Promise<void>;

    constructor(
        readonly pidFile: string,
        private readonly log: (line: string) => void,
        opts: { handleSignals?: boolean } = {},
    ) {
        installExitHandler();
        if (opts.handleSignals ?? true) {
            installSignalHandlers();
        }
        liveGroups.add(this);
    }

    get processes(): readonly ManagedProcess[] {
        return this.procs;
    }

    /** Starts `binary args...`, stdout and stderr appended to `logPath`. */
    start(name: string, binary: string, args: string[], logPath: string, env: NodeJS.ProcessEnv = process.env): ManagedProcess {
        if (this.stopping !== undefined) {
            throw new Error(`cannot start ${name}: the cluster is stopping`);
        }
        fs.mkdirSync(path.dirname(logPath), { recursive: true });
        const fd = fs.openSync(logPath, "a");
        fs.writeSync(fd, `--- ${new Date().toISOString()} ${binary} ${args.join(" ")}\n`);
        let child: ChildProcess;
        try {
            const [cmd, argv] = setpriv === undefined ? [binary, args] : [setpriv, ["--pdeathsig", "SIGKILL", "--", binary, ...args]];
            child = spawn(cmd, argv, { stdio: ["ignore", fd, fd], detached: true, env });
        } finally {
            fs.closeSync(fd);
        }
        if (child.pid === undefined) {
            throw new Error(`could not start ${name} (${binary})`);
        }
        child.unref();
        const proc: ManagedProcess = {
            name,
            pid: child.pid,
            binary,
            logPath,
            exited: new Promise<ExitInfo>((resolve) => {
                child.once("exit", (code, signal) => {
                    proc.exit = { code, signal };
                    resolve(proc.exit);
                });
                child.once("error", (err) => {
                    fs.appendFileSync(logPath, `spawn error: ${err.message}\n`);
                    proc.exit = { code: -1, signal: null };
                    resolve(proc.exit);
                });
            }),
        };
        void proc.exited.then((exit) => {
            if (this.stopping === undefined) {
                this.log(`[cluster] ${name} (pid ${proc.pid}) exited unexpectedly (${describeExit(exit)}); log: ${logPath}`);
            }
        });
        this.procs.push(proc);
        this.writePidFile();
        return proc;
    }

    /**
     * SIGTERM to each process in reverse start order, waiting up to `graceMs` for each, then SIGKILL to
     * survivors. Idempotent: later calls return the first call's promise.
     */
    stop(opts: { graceMs?: number } = {}): Promise<void> {
        this.stopping ??= (async () => {
            const graceMs = opts.graceMs ?? 5000;
            for (const proc of [...this.procs].reverse()) {
                if (proc.exit !== undefined) {
                    continue;
                }
                const t0 = Date.now();
                signalPid(proc.pid, "SIGTERM");
                const exit = await Promise.race([proc.exited, sleep(graceMs).then(() => undefined)]);
                if (exit === undefined) {
                    signalPid(proc.pid, "SIGKILL");
                    await Promise.race([proc.exited, sleep(2000)]);
                    this.log(`[cluster] ${proc.name} ignored SIGTERM for ${graceMs} ms: killed`);
                } else {
                    this.log(`[cluster] ${proc.name} stopped in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
                }
            }
            liveGroups.delete(this);
            fs.rmSync(this.pidFile, { force: true });
        })();
        return this.stopping;
    }

    /** Synchronous last resort (for `exit` handlers): signal every child still running. */
    killAllSync(signal: NodeJS.Signals): void {
        for (const proc of this.procs) {
            if (proc.exit === undefined) {
                signalPid(proc.pid, signal);
            }
        }
    }

    private writePidFile(): void {
        const records: PidRecord[] = this.procs.map((p) => ({ name: p.name, pid: p.pid, exe: fs.realpathSync(p.binary) }));
        fs.writeFileSync(this.pidFile, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    }
}

const signalPid = (pid: number, signal: NodeJS.Signals): void => {
    try {
        process.kill(pid, signal);
    } catch {
        // already gone
    }
};

export const describeExit = (exit: ExitInfo): string => (exit.signal !== null ? `signal ${exit.signal}` : `exit code ${exit.code}`);

/**
 * Kills the processes a previous run recorded in `pidFile` and left running (crash, SIGKILL of its Node).
 * A PID is only signalled while /proc/<pid>/exe is still the recorded binary, so a recycled PID is never hit.
 * Returns what was killed.
 */
export async function killLeftovers(pidFile: string, log: (line: string) => void): Promise<string[]> {
    let text: string;
    try {
        text = fs.readFileSync(pidFile, "utf8");
    } catch {
        return [];
    }
    const records = text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as PidRecord)
        .reverse();
    const ours = (r: PidRecord): boolean => alive(r.pid) && exeOf(r.pid) === r.exe;
    const killed: string[] = [];
    for (const r of records.filter(ours)) {
        log(`[cluster] killing leftover ${r.name} (pid ${r.pid}) from an earlier run`);
        signalPid(r.pid, "SIGTERM");
        killed.push(`${r.name}:${r.pid}`);
    }
    const deadline = Date.now() + 5000;
    while (records.some(ours) && Date.now() < deadline) {
        await sleep(100);
    }
    for (const r of records.filter(ours)) {
        signalPid(r.pid, "SIGKILL");
    }
    fs.rmSync(pidFile, { force: true });
    return killed;
}

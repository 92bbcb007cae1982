import * as fs from "node:fs";
import * as path from "node:path";

const inside = (file: string, root: string): boolean => file === root || file.startsWith(`${root}${path.sep}`);

/** A process's state letter and parent, from /proc/<pid>/stat; undefined once it is gone. */
function procStat(pid: number): { state: string; ppid: number } | undefined {
    try {
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return { state, ppid: Number(ppid) };
    } catch {
        return undefined;
    }
}

/** Whether `pid` is a live process: a zombie, exited but not yet reaped, is not. */
export const isRunning = (pid: number): boolean => (procStat(pid)?.state ?? "Z") !== "Z";

/** This process and its ancestors, never to be counted as strays. */
function selfAndAncestors(): Set<number> {
    const pids = new Set<number>();
    for (let pid: number | undefined = process.pid; pid !== undefined && pid > 1 && !pids.has(pid); pid = procStat(pid)?.ppid) {
        pids.add(pid);
    }
    return pids;
}

/** A process found by {@link processesUnder}. */
export interface StrayProcess {
    pid: number;
    args: string[];
    /** Found by its command line (else by its working directory). */
    named: boolean;
}

/**
 * Processes (other than this one and its ancestors) whose working directory is inside `root`, or, with
 * `cmdline`, whose command line names a path inside it: a Pulumi engine, its language host or plugins, or a
 * cluster process started with files in `root`.
 */
export function processesUnder(root: string, opts: { cmdline?: boolean } = {}): StrayProcess[] {
    const skip = selfAndAncestors();
    const found: StrayProcess[] = [];
    for (const entry of fs.readdirSync("/proc")) {
        const pid = Number(entry);
        if (!/^\d+$/.test(entry) || skip.has(pid)) {
            continue;
        }
        try {
            const args = fs
                .readFileSync(`/proc/${pid}/cmdline`, "utf8")
                .split("\0")
                .filter((a) => a !== "");
            const named = opts.cmdline === true && args.some((a) => a.split("=").some((part) => inside(part, root)));
            if (named || inside(fs.readlinkSync(`/proc/${pid}/cwd`), root)) {
                found.push({ pid, args, named });
            }
        } catch {
            // gone, or not ours to read
        }
    }
    return found;
}

/**
 * Kills, by PID, processes a previous interrupted run left behind in `root` (a Pulumi engine, its language
 * host or plugins): every process whose working directory is inside it. The cluster's own processes are
 * found through its pidfile by startCluster.
 */
export function killStrays(root: string, log: (line: string) => void): void {
    for (const { pid } of processesUnder(root)) {
        try {
            process.kill(pid, "SIGKILL");
            log(`killed process ${pid} left by an earlier run`);
        } catch {
            // gone meanwhile
        }
    }
}

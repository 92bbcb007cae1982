import * as http from "node:http";
import * as https from "node:https";
import { describeExit, ManagedProcess, tailFile } from "./processes";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A duration for the progress lines and error messages: `0.8s`. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** GET over plain HTTP or HTTPS, status and body; HTTPS with the given agent. */
export const httpGet = (url: string, agent?: https.Agent): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
        const mod = url.startsWith("https:") ? https : http;
        const req = mod.get(url, { agent, timeout: 3000 }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => (body += c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
            res.on("error", reject);
        });
        req.on("timeout", () => req.destroy(new Error("timed out")));
        req.on("error", reject);
    });

/** How long {@link waitFor} waits, whose log it blames on time-out, which processes must stay alive meanwhile. */
export interface WaitOptions {
    timeoutMs: number;
    blame: ManagedProcess;
    watch: readonly ManagedProcess[];
    /** Pause between probes; default 200 ms. */
    intervalMs?: number;
}

/**
 * Polls `probe` until it returns true. Fails at once if one of `watch` exits, and after `timeoutMs` with the
 * last probe error and the tail of `blame`'s log.
 */
export async function waitFor(what: string, probe: () => Promise<boolean>, opts: WaitOptions): Promise<void> {
    const deadline = Date.now() + opts.timeoutMs;
    let lastError = "";
    for (;;) {
        const dead = opts.watch.find((p) => p.exit !== undefined);
        if (dead?.exit !== undefined) {
            throw new Error(
                `${dead.name} exited (${describeExit(dead.exit)}) while waiting for ${what}; last lines of ${dead.logPath}:\n` +
                    tailFile(dead.logPath),
            );
        }
        try {
            if (await probe()) {
                return;
            }
            lastError = "";
        } catch (e) {
            lastError = (e as Error).message;
        }
        if (Date.now() > deadline) {
            throw new Error(
                `timed out after ${seconds(opts.timeoutMs)} waiting for ${what}${lastError ? ` (last error: ${lastError})` : ""}; ` +
                    `last lines of ${opts.blame.logPath}:\n${tailFile(opts.blame.logPath)}`,
            );
        }
        await sleep(opts.intervalMs ?? 200);
    }
}

import { spawn } from "node:child_process";
import * as path from "node:path";

/** The repository's root directory. */
export const repo = path.resolve(__dirname, "..", "..");

/** Builds (or finds) the toolchain with e2e/toolchain/build.sh; returns the directory of its binaries. Progress goes to stderr. */
export async function toolchain(): Promise<string> {
    const build = spawn("bash", [path.join(repo, "e2e", "toolchain", "build.sh")], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    build.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => build.on("close", resolve));
    if (code !== 0) {
        throw new Error(`e2e/toolchain/build.sh failed (exit ${code})`);
    }
    return stdout.trim().split("\n").slice(-1)[0];
}

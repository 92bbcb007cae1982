import * as fs from "node:fs";
import * as path from "node:path";
import { repo } from "./toolchain";

/**
 * Copies the project files a stack needs into `dir`, so that `pulumi config set` never touches the repo's
 * stack files. With `keepStackConfig`, a `Pulumi.<stack>.yaml` already in `dir` (with the config set there) is
 * kept and only the program is copied anew.
 */
export function projectCopy(dir: string, stack: string, opts: { keepStackConfig?: boolean } = {}): void {
    fs.mkdirSync(dir, { recursive: true });
    const stackFile = `Pulumi.${stack}.yaml`;
    const keep = opts.keepStackConfig === true && fs.existsSync(path.join(dir, stackFile));
    for (const file of ["Pulumi.yaml", stackFile, "index.ts", "package.json", "tsconfig.json"]) {
        if (!(keep && file === stackFile)) {
            fs.copyFileSync(path.join(repo, file), path.join(dir, file));
        }
    }
    fs.rmSync(path.join(dir, "components"), { recursive: true, force: true });
    fs.cpSync(path.join(repo, "components"), path.join(dir, "components"), { recursive: true });
    // The components import the names they share with the policy pack from these two dependency-free files, and
    // nothing else of policy/: copying only them is what README.md tells another program to do, and proves it.
    fs.rmSync(path.join(dir, "policy"), { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "policy", "lib"), { recursive: true });
    for (const file of ["sharedNames.ts", "policyNames.ts"]) {
        fs.copyFileSync(path.join(repo, "policy", "lib", file), path.join(dir, "policy", "lib", file));
    }
    fs.rmSync(path.join(dir, "node_modules"), { force: true });
    fs.symlinkSync(path.join(repo, "node_modules"), path.join(dir, "node_modules"));
}

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where e2e/toolchain/build.sh links the binaries. */
export const defaultBinDir = (): string =>
    path.join(process.env.MILVUS_E2E_CACHE ?? path.join(os.homedir(), ".cache", "milvus-cluster-e2e"), "bin");

const binaries = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"] as const;
type Binary = (typeof binaries)[number];

/** The toolchain of one cluster: an executable per process, and kwok's stock stages. */
export interface ClusterBinaries {
    /** Path of each binary. */
    bin: Record<Binary, string>;
    /** `kwok-stages.yaml` as build.sh left it; stages.ts derives the e2e stages from it. */
    stagesFile: string;
}

/** The binaries in `binDir`; fails, naming the first one missing, when build.sh has not run. */
export function locateBinaries(binDir: string): ClusterBinaries {
    const bin = {} as Record<Binary, string>;
    for (const name of binaries) {
        bin[name] = path.join(binDir, name);
        try {
            fs.accessSync(bin[name], fs.constants.X_OK);
        } catch {
            throw new Error(`${name} not found (or not executable) in ${binDir}: run e2e/toolchain/build.sh first`);
        }
    }
    const stagesFile = path.join(binDir, "kwok-stages.yaml");
    if (!fs.existsSync(stagesFile)) {
        throw new Error(`${stagesFile} not found: run e2e/toolchain/build.sh first`);
    }
    return { bin, stagesFile };
}

import * as fs from "node:fs";
import * as path from "node:path";
import { killLeftovers } from "./processes";

/** Where a cluster keeps its files in its workDir. */
export interface WorkDirLayout {
    /** Absolute. */
    workDir: string;
    /** Pids of the running processes, for a later run's killLeftovers. */
    pidFile: string;
    /** `<process>.log` for each process ({@link logOf}). */
    logsDir: string;
    /** Certificates and keys (certs.ts), and the serving certificates each component generates for itself. */
    pkiDir: string;
    etcdDir: string;
    /** Host paths of the hostPath PVs (storage.ts). */
    volumesDir: string;
    kubeconfigDir: string;
    /** One kubeconfig per client identity; `admin` is the one for people, kubectl and Pulumi. */
    kubeconfigs: { admin: string; controllerManager: string; scheduler: string; kwok: string };
    /** The kwok stages this cluster runs (stages.ts writes them). */
    kwokStages: string;
}

/** The layout of `workDir` (resolved against the current directory). */
export function workDirLayout(workDir: string): WorkDirLayout {
    const dir = path.resolve(workDir);
    const kubeconfigDir = path.join(dir, "kubeconfig");
    return {
        workDir: dir,
        pidFile: path.join(dir, "cluster.pids"),
        logsDir: path.join(dir, "logs"),
        pkiDir: path.join(dir, "pki"),
        etcdDir: path.join(dir, "etcd"),
        volumesDir: path.join(dir, "volumes"),
        kubeconfigDir,
        kubeconfigs: {
            admin: path.join(kubeconfigDir, "admin.yaml"),
            controllerManager: path.join(kubeconfigDir, "kube-controller-manager.yaml"),
            scheduler: path.join(kubeconfigDir, "kube-scheduler.yaml"),
            kwok: path.join(kubeconfigDir, "kwok.yaml"),
        },
        kwokStages: path.join(dir, "kwok-stages.yaml"),
    };
}

/** The log file of the process `name`. */
export const logOf = (layout: WorkDirLayout, name: string): string => path.join(layout.logsDir, `${name}.log`);

/**
 * Readies `workDir` for a new cluster: kills what a previous run left running (its pidfile), wipes its logs,
 * etcd data and kubeconfigs, and makes the directories the processes write to.
 */
export async function prepareWorkDir(layout: WorkDirLayout, log: (line: string) => void): Promise<void> {
    fs.mkdirSync(layout.workDir, { recursive: true });
    await killLeftovers(layout.pidFile, log);
    for (const dir of [layout.logsDir, layout.etcdDir, layout.kubeconfigDir]) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.mkdirSync(layout.logsDir, { recursive: true });
    fs.mkdirSync(layout.kubeconfigDir);
    fs.mkdirSync(layout.volumesDir, { recursive: true });
}

import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import { parse } from "yaml";
import { defaultBinDir, locateBinaries } from "./binaries";
import { makeCertificates } from "./certs";
import { ControlPlaneContext, startApiserver, startControllers, startEtcd, waitForControllers } from "./controlPlane";
import { KubeApi } from "./kubeApi";
import { writeClusterKubeconfigs } from "./kubeconfig";
import { createNodes, defaultCpuNodes, defaultGpuNodes, GpuNodeGroupSpec, NodeGroupSpec, SimulatedNode } from "./nodes";
import { controlPlanePorts } from "./ports";
import { ManagedProcess, ProcessGroup } from "./processes";
import {
    createStorageClass,
    defaultStorageClassName,
    ensureVolumePool,
    provisionPendingClaims,
    recyclePersistentVolumes,
    VolumeClass,
} from "./storage";
import { startVolumeKeeper } from "./volumeKeeper";
import { seconds } from "./waitFor";
import { prepareWorkDir, WorkDirLayout, workDirLayout } from "./workDir";

/** A cluster that startCluster runs (maybe in another process) in `workDir`, reached with its admin identity. */
export interface AttachedCluster {
    kubeconfigPath: string;
    apiServerUrl: string;
    api: KubeApi;
}

/**
 * Reaches the cluster that startCluster started in `workDir`, from its admin kubeconfig and certificates;
 * undefined when there are none. Whether it still answers is the caller's to ask (`api.request("GET", "/readyz")`).
 */
export function attachCluster(workDir: string): AttachedCluster | undefined {
    const layout = workDirLayout(workDir);
    const kubeconfigPath = layout.kubeconfigs.admin;
    const pkiDir = layout.pkiDir;
    const files = [kubeconfigPath, ...["ca.crt", "admin.crt", "admin.key"].map((f) => path.join(pkiDir, f))];
    if (!files.every((f) => fs.existsSync(f))) {
        return undefined;
    }
    const kubeconfig = parse(fs.readFileSync(kubeconfigPath, "utf8")) as { clusters?: { cluster?: { server?: string } }[] };
    const apiServerUrl = kubeconfig.clusters?.[0]?.cluster?.server;
    if (apiServerUrl === undefined) {
        return undefined;
    }
    const api = new KubeApi(apiServerUrl, {
        caCert: path.join(pkiDir, "ca.crt"),
        client: { cert: path.join(pkiDir, "admin.crt"), key: path.join(pkiDir, "admin.key") },
    });
    return { kubeconfigPath, apiServerUrl, api };
}

export interface StartClusterOptions {
    /** Everything goes here: certificates, kubeconfigs, etcd data, logs/, the pidfile. Wiped of a previous cluster. */
    workDir: string;
    /** Directory with etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok, kwok-stages.yaml. */
    binDir?: string;
    /** Progress lines (`[cluster] etcd up in 0.8s`); default stderr. */
    log?: (line: string) => void;
    cpuNodes?: Partial<NodeGroupSpec>;
    gpuNodes?: Partial<GpuNodeGroupSpec>;
    storageClassName?: string;
    /** PV pool made at start; default {@link defaultVolumePool}. */
    volumePool?: VolumeClass[];
    /**
     * Background volume keeper: every `volumeKeeperIntervalMs`, make Released PVs Available again (default
     * true), and create a PV for any claim of our class still Pending after 3 s (default false: the pool is
     * then what binds, and a claim the pool cannot serve stays Pending, as it would on a badly sized cluster).
     */
    autoRecycleVolumes?: boolean;
    autoProvisionVolumes?: boolean;
    volumeKeeperIntervalMs?: number;
    /** Pod IPs kwok hands out (`--cidr`). */
    podCidr?: string;
    /** Per readiness step (etcd, apiserver, controllers, nodes); default 90 s (a cold disk cache is slow). */
    stepTimeoutMs?: number;
    /**
     * Install SIGINT/SIGTERM/SIGHUP handlers that stop the cluster and re-raise the signal (default true).
     * An `exit` handler that SIGKILLs the children is always installed.
     */
    handleSignals?: boolean;
}

/** A running simulated cluster. */
export interface Cluster {
    workDir: string;
    logsDir: string;
    /** Admin (`system:masters`) kubeconfig, certificates embedded. */
    kubeconfigPath: string;
    /** Its content, for the Pulumi kubernetes provider's `kubeconfig` argument. */
    kubeconfig: string;
    apiServerUrl: string;
    nodes: SimulatedNode[];
    storageClassName: string;
    /** Environment to run kubectl / pulumi against this cluster. */
    env: { KUBECONFIG: string };
    processes: readonly ManagedProcess[];
    /** Seconds from nothing to all nodes Ready. */
    startupSeconds: number;
    /** Admin API client. */
    api: KubeApi;
    /** Clears the stale claimRef of Released PVs (see storage.ts); returns their names. */
    recyclePersistentVolumes(): Promise<string[]>;
    /** Tops the PV pool up to at least `count` unbound PVs per class; returns the names created. */
    ensureVolumePool(pool?: VolumeClass[]): Promise<string[]>;
    /** Creates a pre-bound PV for every claim of our class still Pending; returns the names created. */
    provisionPendingClaims(): Promise<string[]>;
    /** Stops every process, in reverse start order; idempotent. */
    stop(): Promise<void>;
}

/** {@link StartClusterOptions} with every default filled in: the one place the defaults are decided. */
interface ClusterSettings {
    log: (line: string) => void;
    binDir: string;
    stepTimeoutMs: number;
    storageClassName: string;
    cpuNodes: NodeGroupSpec;
    gpuNodes: GpuNodeGroupSpec;
    /** Undefined: storage.ts's {@link defaultVolumePool}. */
    volumePool?: VolumeClass[];
    podCidr: string;
    autoRecycleVolumes: boolean;
    autoProvisionVolumes: boolean;
    volumeKeeperIntervalMs: number;
}

function resolveOptions(options: StartClusterOptions): ClusterSettings {
    return {
        log: options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
        binDir: options.binDir ?? defaultBinDir(),
        stepTimeoutMs: options.stepTimeoutMs ?? 90_000,
        storageClassName: options.storageClassName ?? defaultStorageClassName,
        cpuNodes: { ...defaultCpuNodes, ...options.cpuNodes },
        gpuNodes: { ...defaultGpuNodes, ...options.gpuNodes },
        volumePool: options.volumePool,
        podCidr: options.podCidr ?? "10.0.0.1/24",
        autoRecycleVolumes: options.autoRecycleVolumes ?? true,
        autoProvisionVolumes: options.autoProvisionVolumes ?? false,
        volumeKeeperIntervalMs: options.volumeKeeperIntervalMs ?? 2000,
    };
}

/** Logs `[cluster] <what> in <time since the previous step>`. */
function stepLogger(log: (line: string) => void): (what: string) => void {
    let mark = Date.now();
    return (what) => {
        const now = Date.now();
        log(`[cluster] ${what} in ${seconds(now - mark)}`);
        mark = now;
    };
}

/**
 * Stops what a cluster (or a failed start) holds: the volume keeper, every process in reverse start order,
 * the API client and the /healthz agent. `stop` runs once; later calls share its promise.
 */
class Shutdown {
    /** The volume keeper, once started. */
    keeper?: NodeJS.Timeout;
    private stopped?: Promise<void>;

    constructor(private readonly c: ControlPlaneContext) {}

    readonly stop = (): Promise<void> => (this.stopped ??= this.stopAll());

    private async stopAll(): Promise<void> {
        if (this.keeper !== undefined) {
            clearInterval(this.keeper);
            this.keeper = undefined;
        }
        const s0 = Date.now();
        await this.c.group.stop();
        this.c.api.close();
        this.c.insecure.destroy();
        this.c.log(`[cluster] stopped in ${seconds(Date.now() - s0)}`);
    }
}

/** The nodes, the default StorageClass and the PV pool: objects that need only the apiserver. */
async function createNodesAndVolumes(
    api: KubeApi,
    settings: ClusterSettings,
    layout: WorkDirLayout,
): Promise<{ nodes: SimulatedNode[]; volumes: string[] }> {
    const { storageClassName, volumePool } = settings;
    const [nodes, volumes] = await Promise.all([
        createNodes(api, settings.cpuNodes, settings.gpuNodes),
        createStorageClass(api, storageClassName).then(() =>
            ensureVolumePool(api, { storageClassName, hostRoot: layout.volumesDir, pool: volumePool }),
        ),
    ]);
    return { nodes, volumes };
}

/** The {@link Cluster} a caller gets: where things are, the admin client, the storage operations, `stop`. */
function clusterHandle(
    c: ControlPlaneContext,
    settings: ClusterSettings,
    apiServerUrl: string,
    nodes: SimulatedNode[],
    startupSeconds: number,
    stop: () => Promise<void>,
): Cluster {
    const { layout, api } = c;
    const { storageClassName } = settings;
    const hostRoot = layout.volumesDir;
    return {
        workDir: layout.workDir,
        logsDir: layout.logsDir,
        kubeconfigPath: layout.kubeconfigs.admin,
        kubeconfig: fs.readFileSync(layout.kubeconfigs.admin, "utf8"),
        apiServerUrl,
        nodes,
        storageClassName,
        env: { KUBECONFIG: layout.kubeconfigs.admin },
        processes: c.group.processes,
        startupSeconds,
        api,
        recyclePersistentVolumes: () => recyclePersistentVolumes(api, storageClassName),
        ensureVolumePool: (pool?: VolumeClass[]) =>
            ensureVolumePool(api, { storageClassName, hostRoot, pool: pool ?? settings.volumePool }),
        provisionPendingClaims: () => provisionPendingClaims(api, { storageClassName, hostRoot }),
        stop,
    };
}

/**
 * Starts a simulated Kubernetes cluster on 127.0.0.1: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok, with CPU and GPU nodes, a default StorageClass and a PV pool. Resolves once all
 * nodes are Ready and schedulable and the `default` ServiceAccount exists. On failure everything started is
 * stopped and the error carries the tail of the relevant log.
 */
export async function startCluster(options: StartClusterOptions): Promise<Cluster> {
    const t0 = Date.now();
    const settings = resolveOptions(options);
    const { log } = settings;
    const binaries = locateBinaries(settings.binDir);
    const layout = workDirLayout(options.workDir);
    await prepareWorkDir(layout, log);
    const step = stepLogger(log);

    const [certs, ports] = await Promise.all([makeCertificates(layout.pkiDir), controlPlanePorts()]);
    const apiServerUrl = `https://127.0.0.1:${ports.apiserver}`;
    await writeClusterKubeconfigs(layout.kubeconfigs, apiServerUrl, certs);
    step("certificates and kubeconfigs");

    const c: ControlPlaneContext = {
        layout,
        binaries,
        certs,
        ports,
        group: new ProcessGroup(layout.pidFile, log, { handleSignals: options.handleSignals }),
        api: new KubeApi(apiServerUrl, { caCert: certs.ca.cert, client: certs.admin }),
        insecure: new https.Agent({ rejectUnauthorized: false }),
        timeoutMs: settings.stepTimeoutMs,
        podCidr: settings.podCidr,
        log,
    };
    const shutdown = new Shutdown(c);
    try {
        const etcd = await startEtcd(c);
        step("etcd up");
        const apiserver = await startApiserver(c, etcd);
        step("kube-apiserver ready");
        const plane = startControllers(c, etcd, apiserver);
        const since = Date.now();
        // Objects need only the apiserver: create them while the controllers start.
        const { nodes, volumes } = await createNodesAndVolumes(c.api, settings, layout);
        step(`${nodes.length} nodes, StorageClass ${settings.storageClassName} and ${volumes.length} PVs created`);
        await waitForControllers(c, plane, nodes, since);

        const startupSeconds = (Date.now() - t0) / 1000;
        log(
            `[cluster] up: ${nodes.length} nodes Ready in ${startupSeconds.toFixed(1)}s from nothing; KUBECONFIG=${layout.kubeconfigs.admin}`,
        );
        const cluster = clusterHandle(c, settings, apiServerUrl, nodes, startupSeconds, shutdown.stop);
        shutdown.keeper = startVolumeKeeper({
            recycle: settings.autoRecycleVolumes,
            provision: settings.autoProvisionVolumes,
            intervalMs: settings.volumeKeeperIntervalMs,
            recyclePersistentVolumes: cluster.recyclePersistentVolumes,
            provisionPendingClaims: cluster.provisionPendingClaims,
            log,
        });
        return cluster;
    } catch (e) {
        log(`[cluster] start failed after ${seconds(Date.now() - t0)}: stopping what was started`);
        await shutdown.stop();
        throw e;
    }
}

import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { makeCertificates } from "./certs";
import { KubeApi } from "./kubeApi";
import { writeKubeconfig } from "./kubeconfig";
import {
    createNodes,
    defaultCpuNodes,
    defaultGpuNodes,
    GpuNodeGroupSpec,
    kwokNodeAnnotation,
    NodeGroupSpec,
    SimulatedNode,
    unreadyNodes,
} from "./nodes";
import { freePorts } from "./ports";
import { describeExit, killLeftovers, ManagedProcess, ProcessGroup, tailFile } from "./processes";
import {
    createStorageClass,
    defaultStorageClassName,
    ensureVolumePool,
    provisionPendingClaims,
    recyclePersistentVolumes,
    VolumeClass,
} from "./storage";
import { writeE2eStages } from "./stages";

/** Service CIDR of the simulated cluster (the `kubernetes` Service gets 10.96.0.1). */
export const serviceCidr = "10.96.0.0/12";

/** Where e2e/toolchain/build.sh links the binaries. */
export const defaultBinDir = (): string =>
    path.join(process.env.MILVUS_E2E_CACHE ?? path.join(os.homedir(), ".cache", "milvus-cluster-e2e"), "bin");

/** The admin kubeconfig startCluster writes in its workDir. */
const adminKubeconfigPath = (workDir: string): string => path.join(workDir, "kubeconfig", "admin.yaml");

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
    const kubeconfigPath = adminKubeconfigPath(path.resolve(workDir));
    const pkiDir = path.join(path.resolve(workDir), "pki");
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

const binaries = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok"] as const;
type Binary = (typeof binaries)[number];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** GET over plain HTTP or HTTPS, status and body; HTTPS with the given agent. */
const httpGet = (url: string, agent?: https.Agent): Promise<{ status: number; body: string }> =>
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

/**
 * Polls `probe` until it returns true. Fails at once if one of `watch` exits, and after `timeoutMs` with the
 * last probe error and the tail of `blame`'s log.
 */
async function waitFor(
    what: string,
    probe: () => Promise<boolean>,
    opts: { timeoutMs: number; blame: ManagedProcess; watch: readonly ManagedProcess[]; intervalMs?: number },
): Promise<void> {
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

/**
 * Starts a simulated Kubernetes cluster on 127.0.0.1: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok, with CPU and GPU nodes, a default StorageClass and a PV pool. Resolves once all
 * nodes are Ready and schedulable and the `default` ServiceAccount exists. On failure everything started is
 * stopped and the error carries the tail of the relevant log.
 */
export async function startCluster(options: StartClusterOptions): Promise<Cluster> {
    const t0 = Date.now();
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const binDir = options.binDir ?? defaultBinDir();
    const timeoutMs = options.stepTimeoutMs ?? 90_000;
    const workDir = path.resolve(options.workDir);
    const storageClassName = options.storageClassName ?? defaultStorageClassName;
    const cpuNodes: NodeGroupSpec = { ...defaultCpuNodes, ...options.cpuNodes };
    const gpuNodes: GpuNodeGroupSpec = { ...defaultGpuNodes, ...options.gpuNodes };

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

    fs.mkdirSync(workDir, { recursive: true });
    const pidFile = path.join(workDir, "cluster.pids");
    await killLeftovers(pidFile, log);
    const logsDir = path.join(workDir, "logs");
    const pkiDir = path.join(workDir, "pki");
    const etcdDir = path.join(workDir, "etcd");
    const volumesDir = path.join(workDir, "volumes");
    for (const dir of [logsDir, etcdDir, path.join(workDir, "kubeconfig")]) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
    fs.mkdirSync(logsDir, { recursive: true });
    fs.mkdirSync(path.join(workDir, "kubeconfig"));
    fs.mkdirSync(volumesDir, { recursive: true });

    let mark = Date.now();
    const step = (what: string): void => {
        const now = Date.now();
        log(`[cluster] ${what} in ${seconds(now - mark)}`);
        mark = now;
    };

    const [certs, [etcdPort, etcdPeerPort, apiPort, cmPort, schedulerPort]] = await Promise.all([makeCertificates(pkiDir), freePorts(5)]);
    const apiServerUrl = `https://127.0.0.1:${apiPort}`;
    const kubeconfigs = {
        admin: adminKubeconfigPath(workDir),
        controllerManager: path.join(workDir, "kubeconfig", "kube-controller-manager.yaml"),
        scheduler: path.join(workDir, "kubeconfig", "kube-scheduler.yaml"),
        kwok: path.join(workDir, "kubeconfig", "kwok.yaml"),
    };
    await Promise.all([
        writeKubeconfig(kubeconfigs.admin, { server: apiServerUrl, caCert: certs.ca.cert, client: certs.admin, user: "e2e-admin" }),
        writeKubeconfig(kubeconfigs.controllerManager, {
            server: apiServerUrl,
            caCert: certs.ca.cert,
            client: certs.controllerManager,
            user: "system:kube-controller-manager",
        }),
        writeKubeconfig(kubeconfigs.scheduler, {
            server: apiServerUrl,
            caCert: certs.ca.cert,
            client: certs.scheduler,
            user: "system:kube-scheduler",
        }),
        writeKubeconfig(kubeconfigs.kwok, { server: apiServerUrl, caCert: certs.ca.cert, client: certs.kwok, user: "kwok" }),
    ]);
    step("certificates and kubeconfigs");

    const group = new ProcessGroup(pidFile, log, { handleSignals: options.handleSignals });
    const api = new KubeApi(apiServerUrl, { caCert: certs.ca.cert, client: certs.admin });
    const insecure = new https.Agent({ rejectUnauthorized: false });
    const logOf = (name: string): string => path.join(logsDir, `${name}.log`);
    let keeper: NodeJS.Timeout | undefined;

    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> =>
        (stopped ??= (async () => {
            if (keeper !== undefined) {
                clearInterval(keeper);
                keeper = undefined;
            }
            const s0 = Date.now();
            await group.stop();
            api.close();
            insecure.destroy();
            log(`[cluster] stopped in ${seconds(Date.now() - s0)}`);
        })());

    try {
        const etcd = group.start(
            "etcd",
            bin.etcd,
            [
                "--name=e2e",
                `--data-dir=${etcdDir}`,
                `--listen-client-urls=http://127.0.0.1:${etcdPort}`,
                `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
                `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
                `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
                `--initial-cluster=e2e=http://127.0.0.1:${etcdPeerPort}`,
                "--initial-cluster-state=new",
                // A throwaway test store: durability buys nothing and fsync costs seconds on slow disks.
                "--unsafe-no-fsync=true",
                "--log-level=warn",
            ],
            logOf("etcd"),
        );
        await waitFor(
            "etcd /health",
            async () => {
                const res = await httpGet(`http://127.0.0.1:${etcdPort}/health`);
                return res.status === 200 && res.body.includes('"health":"true"');
            },
            { timeoutMs, blame: etcd, watch: [etcd], intervalMs: 100 },
        );
        step("etcd up");

        const apiserver = group.start(
            "kube-apiserver",
            bin["kube-apiserver"],
            [
                `--etcd-servers=http://127.0.0.1:${etcdPort}`,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                `--secure-port=${apiPort}`,
                `--cert-dir=${path.join(pkiDir, "apiserver-generated")}`,
                `--tls-cert-file=${certs.apiserver.cert}`,
                `--tls-private-key-file=${certs.apiserver.key}`,
                `--client-ca-file=${certs.ca.cert}`,
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                `--service-account-key-file=${certs.serviceAccount.publicKey}`,
                `--service-account-signing-key-file=${certs.serviceAccount.privateKey}`,
                `--service-cluster-ip-range=${serviceCidr}`,
                "--authorization-mode=Node,RBAC",
                // The default reconciler would publish 127.0.0.1 as the `kubernetes` Endpoints, which is rejected.
                "--endpoint-reconciler-type=none",
                "--allow-privileged=true",
                "--profiling=false",
            ],
            logOf("kube-apiserver"),
        );
        await waitFor(
            "kube-apiserver /readyz",
            async () => (await api.request("GET", "/readyz", undefined, { timeoutMs: 3000 })).status === 200,
            { timeoutMs, blame: apiserver, watch: [etcd, apiserver] },
        );
        step("kube-apiserver ready");

        const componentFlags = (kubeconfig: string, port: number, name: string): string[] => [
            `--kubeconfig=${kubeconfig}`,
            `--authentication-kubeconfig=${kubeconfig}`,
            `--authorization-kubeconfig=${kubeconfig}`,
            "--bind-address=127.0.0.1",
            `--secure-port=${port}`,
            `--cert-dir=${path.join(pkiDir, `${name}-generated`)}`,
            "--leader-elect=false",
            "--profiling=false",
        ];
        const controllerManager = group.start(
            "kube-controller-manager",
            bin["kube-controller-manager"],
            [
                ...componentFlags(kubeconfigs.controllerManager, cmPort, "kube-controller-manager"),
                // No pod CIDRs to hand out: kwok assigns pod IPs itself.
                "--controllers=*,-nodeipam",
                "--use-service-account-credentials=true",
                `--service-account-private-key-file=${certs.serviceAccount.privateKey}`,
                `--root-ca-file=${certs.ca.cert}`,
                `--cluster-signing-cert-file=${certs.ca.cert}`,
                `--cluster-signing-key-file=${certs.ca.key}`,
                `--service-cluster-ip-range=${serviceCidr}`,
                // Re-examine unbound claims every 5 s (default 15 s), so a claim waiting for a recycled or
                // newly created PV binds quickly.
                "--pvclaimbinder-sync-period=5s",
                // With one service account per controller, start-up is a burst of ServiceAccount creations and
                // TokenRequests that the default client rate limit (20 qps) spreads over ~4 s.
                "--kube-api-qps=200",
                "--kube-api-burst=400",
            ],
            logOf("kube-controller-manager"),
        );
        const scheduler = group.start(
            "kube-scheduler",
            bin["kube-scheduler"],
            componentFlags(kubeconfigs.scheduler, schedulerPort, "kube-scheduler"),
            logOf("kube-scheduler"),
        );
        const kwok = group.start(
            "kwok",
            bin.kwok,
            [
                `--kubeconfig=${kubeconfigs.kwok}`,
                `--config=${writeE2eStages(stagesFile, path.join(workDir, "kwok-stages.yaml"))}`,
                "--manage-all-nodes=false",
                `--manage-nodes-with-annotation-selector=${kwokNodeAnnotation.key}=${kwokNodeAnnotation.value}`,
                "--manage-nodes-with-label-selector=",
                `--cidr=${options.podCidr ?? "10.0.0.1/24"}`,
                "--node-ip=10.0.0.1",
                "--node-lease-duration-seconds=40",
            ],
            logOf("kwok"),
        );
        const all = [etcd, apiserver, controllerManager, scheduler, kwok];
        const since = Date.now();

        // Objects need only the apiserver: create them while the controllers start.
        const [nodes, volumes] = await Promise.all([
            createNodes(api, cpuNodes, gpuNodes),
            createStorageClass(api, storageClassName).then(() =>
                ensureVolumePool(api, { storageClassName, hostRoot: volumesDir, pool: options.volumePool }),
            ),
        ]);
        step(`${nodes.length} nodes, StorageClass ${storageClassName} and ${volumes.length} PVs created`);

        const healthz = (port: number) => async (): Promise<boolean> =>
            (await httpGet(`https://127.0.0.1:${port}/healthz`, insecure)).status === 200;
        // Four waits in parallel; each reports its time since the controllers were started.
        const done = (what: string) => (): void => log(`[cluster] ${what} after ${seconds(Date.now() - since)}`);
        await Promise.all([
            waitFor("kube-controller-manager /healthz", healthz(cmPort), { timeoutMs, blame: controllerManager, watch: all }).then(
                done("kube-controller-manager healthy"),
            ),
            waitFor("kube-scheduler /healthz", healthz(schedulerPort), { timeoutMs, blame: scheduler, watch: all }).then(
                done("kube-scheduler healthy"),
            ),
            waitFor(
                "the default ServiceAccount",
                async () => (await api.find("/api/v1/namespaces/default/serviceaccounts/default")) !== undefined,
                { timeoutMs, blame: controllerManager, watch: all },
            ).then(done("default ServiceAccount present")),
            waitFor(
                "nodes Ready (kwok) and untainted (node lifecycle controller)",
                async () =>
                    (
                        await unreadyNodes(
                            api,
                            nodes.map((n) => n.name),
                        )
                    ).length === 0,
                { timeoutMs, blame: kwok, watch: all, intervalMs: 250 },
            ).then(done(`${nodes.length} nodes Ready and schedulable`)),
        ]);

        const startupSeconds = (Date.now() - t0) / 1000;
        log(`[cluster] up: ${nodes.length} nodes Ready in ${startupSeconds.toFixed(1)}s from nothing; KUBECONFIG=${kubeconfigs.admin}`);

        const cluster: Cluster = {
            workDir,
            logsDir,
            kubeconfigPath: kubeconfigs.admin,
            kubeconfig: fs.readFileSync(kubeconfigs.admin, "utf8"),
            apiServerUrl,
            nodes,
            storageClassName,
            env: { KUBECONFIG: kubeconfigs.admin },
            processes: group.processes,
            startupSeconds,
            api,
            recyclePersistentVolumes: () => recyclePersistentVolumes(api, storageClassName),
            ensureVolumePool: (pool?: VolumeClass[]) =>
                ensureVolumePool(api, { storageClassName, hostRoot: volumesDir, pool: pool ?? options.volumePool }),
            provisionPendingClaims: () => provisionPendingClaims(api, { storageClassName, hostRoot: volumesDir }),
            stop,
        };

        const recycle = options.autoRecycleVolumes ?? true;
        const provision = options.autoProvisionVolumes ?? false;
        if (recycle || provision) {
            let busy = false;
            keeper = setInterval(() => {
                if (busy) {
                    return;
                }
                busy = true;
                void (async () => {
                    try {
                        if (recycle) {
                            const names = await cluster.recyclePersistentVolumes();
                            if (names.length > 0) {
                                log(`[cluster] recycled released PVs: ${names.join(", ")}`);
                            }
                        }
                        if (provision) {
                            const names = await cluster.provisionPendingClaims();
                            if (names.length > 0) {
                                log(`[cluster] provisioned PVs for pending claims: ${names.join(", ")}`);
                            }
                        }
                    } catch {
                        // the apiserver may be going away (stop); the next tick retries
                    } finally {
                        busy = false;
                    }
                })();
            }, options.volumeKeeperIntervalMs ?? 2000);
            keeper.unref();
        }
        return cluster;
    } catch (e) {
        log(`[cluster] start failed after ${seconds(Date.now() - t0)}: stopping what was started`);
        await stop();
        throw e;
    }
}

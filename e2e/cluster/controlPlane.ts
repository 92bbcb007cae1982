import * as https from "node:https";
import { ClusterBinaries } from "./binaries";
import { ClusterCertificates } from "./certs";
import { apiserverFlags, controllerManagerFlags, etcdFlags, kwokFlags, schedulerFlags } from "./controlPlaneFlags";
import { KubeApi } from "./kubeApi";
import { SimulatedNode, unreadyNodes } from "./nodes";
import { ControlPlanePorts } from "./ports";
import { ManagedProcess, ProcessGroup } from "./processes";
import { writeE2eStages } from "./stages";
import { httpGet, seconds, waitFor } from "./waitFor";
import { logOf, WorkDirLayout } from "./workDir";

/** What starting the control plane works with: where, which binaries, which identities and ports. */
export interface ControlPlaneContext {
    layout: WorkDirLayout;
    binaries: ClusterBinaries;
    certs: ClusterCertificates;
    ports: ControlPlanePorts;
    /** Starts (and later stops) every process. */
    group: ProcessGroup;
    /** The apiserver's admin client. */
    api: KubeApi;
    /** For the components' /healthz, served with certificates they generate themselves. */
    insecure: https.Agent;
    /** Per readiness wait. */
    timeoutMs: number;
    /** Pod IPs kwok hands out. */
    podCidr: string;
    log: (line: string) => void;
}

/** The processes of a running control plane. */
export interface ControlPlane {
    etcd: ManagedProcess;
    apiserver: ManagedProcess;
    controllerManager: ManagedProcess;
    scheduler: ManagedProcess;
    kwok: ManagedProcess;
}

/** Starts etcd; resolves once it reports itself healthy. */
export async function startEtcd(c: ControlPlaneContext): Promise<ManagedProcess> {
    const etcd = c.group.start("etcd", c.binaries.bin.etcd, etcdFlags(c.ports, c.layout), logOf(c.layout, "etcd"));
    await waitFor(
        "etcd /health",
        async () => {
            const res = await httpGet(`http://127.0.0.1:${c.ports.etcd}/health`);
            return res.status === 200 && res.body.includes('"health":"true"');
        },
        { timeoutMs: c.timeoutMs, blame: etcd, watch: [etcd], intervalMs: 100 },
    );
    return etcd;
}

/** Starts kube-apiserver on `etcd`; resolves once it is ready. */
export async function startApiserver(c: ControlPlaneContext, etcd: ManagedProcess): Promise<ManagedProcess> {
    const apiserver = c.group.start(
        "kube-apiserver",
        c.binaries.bin["kube-apiserver"],
        apiserverFlags(c.ports, c.layout, c.certs),
        logOf(c.layout, "kube-apiserver"),
    );
    await waitFor(
        "kube-apiserver /readyz",
        async () => (await c.api.request("GET", "/readyz", undefined, { timeoutMs: 3000 })).status === 200,
        { timeoutMs: c.timeoutMs, blame: apiserver, watch: [etcd, apiserver] },
    );
    return apiserver;
}

/** Starts kube-controller-manager, kube-scheduler and kwok, without waiting for them ({@link waitForControllers}). */
export function startControllers(c: ControlPlaneContext, etcd: ManagedProcess, apiserver: ManagedProcess): ControlPlane {
    const { group, binaries, layout } = c;
    const controllerManager = group.start(
        "kube-controller-manager",
        binaries.bin["kube-controller-manager"],
        controllerManagerFlags(c.ports, layout, c.certs),
        logOf(layout, "kube-controller-manager"),
    );
    const scheduler = group.start(
        "kube-scheduler",
        binaries.bin["kube-scheduler"],
        schedulerFlags(c.ports, layout),
        logOf(layout, "kube-scheduler"),
    );
    const stagesConfig = writeE2eStages(binaries.stagesFile, layout.kwokStages);
    const kwok = group.start("kwok", binaries.bin.kwok, kwokFlags(layout, stagesConfig, c.podCidr), logOf(layout, "kwok"));
    return { etcd, apiserver, controllerManager, scheduler, kwok };
}

/**
 * Waits, in parallel, for the controller manager and the scheduler to be healthy, the `default`
 * ServiceAccount to exist and every one of `nodes` to be Ready and untainted; each logs its time since
 * `since` (when the controllers were started). Any process of `plane` exiting fails the wait.
 */
export async function waitForControllers(
    c: ControlPlaneContext,
    plane: ControlPlane,
    nodes: SimulatedNode[],
    since: number,
): Promise<void> {
    const { api, timeoutMs } = c;
    const all = [plane.etcd, plane.apiserver, plane.controllerManager, plane.scheduler, plane.kwok];
    const healthz = (port: number) => async (): Promise<boolean> =>
        (await httpGet(`https://127.0.0.1:${port}/healthz`, c.insecure)).status === 200;
    const done = (what: string) => (): void => c.log(`[cluster] ${what} after ${seconds(Date.now() - since)}`);
    await Promise.all([
        waitFor("kube-controller-manager /healthz", healthz(c.ports.controllerManager), {
            timeoutMs,
            blame: plane.controllerManager,
            watch: all,
        }).then(done("kube-controller-manager healthy")),
        waitFor("kube-scheduler /healthz", healthz(c.ports.scheduler), { timeoutMs, blame: plane.scheduler, watch: all }).then(
            done("kube-scheduler healthy"),
        ),
        waitFor(
            "the default ServiceAccount",
            async () => (await api.find("/api/v1/namespaces/default/serviceaccounts/default")) !== undefined,
            { timeoutMs, blame: plane.controllerManager, watch: all },
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
            { timeoutMs, blame: plane.kwok, watch: all, intervalMs: 250 },
        ).then(done(`${nodes.length} nodes Ready and schedulable`)),
    ]);
}

/**
 * The simulated cluster itself: nodes, GPU scheduling, volume binding and recycling, clean stop.
 *
 *   node --import tsx --test e2e/cluster/cluster.test.ts
 *
 * Needs the binaries of e2e/toolchain/build.sh (MILVUS_E2E_BIN or the default cache) and kubectl on PATH.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Cluster, startCluster } from "./cluster";
import { KubeList, KubeObject } from "./kubeApi";
import { defaultCpuNodes, defaultGpuNodes, gpuFamilyLabel, gpuNodeLabel, gpuTaint } from "./nodes";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await probe();
        if (value !== undefined) {
            return value;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`);
        }
        await sleep(250);
    }
}

type Claim = KubeObject & {
    spec: { storageClassName?: string; volumeName?: string };
    status: { phase: string; capacity?: { storage: string } };
};

type Pod = KubeObject & {
    spec?: { nodeName?: string };
    status?: { phase?: string; conditions?: { type: string; status: string }[] };
};

describe("simulated cluster", { timeout: 300_000 }, () => {
    let cluster: Cluster;
    let workDir: string;
    const ns = "cluster-selftest";
    const kubectl = (...args: string[]): string =>
        execFileSync("kubectl", args, { env: { ...process.env, ...cluster.env }, encoding: "utf8" });
    const apply = (manifest: object): string =>
        execFileSync("kubectl", ["apply", "-f", "-"], {
            env: { ...process.env, ...cluster.env },
            input: JSON.stringify(manifest),
            encoding: "utf8",
        });
    /** A claim as the stacks write them: no storageClassName, so the default class must fill it in. */
    const applyClaim = (name: string, storage: string, accessMode: string): string =>
        apply({
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name, namespace: ns },
            spec: { accessModes: [accessMode], resources: { requests: { storage } } },
        });
    const boundClaim = (name: string, what = `${name} Bound`): Promise<Claim> =>
        eventually(what, async () => {
            const c = await cluster.api.get<Claim>(`/api/v1/namespaces/${ns}/persistentvolumeclaims/${name}`);
            return c.status.phase === "Bound" ? c : undefined;
        });

    before(async () => {
        workDir = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-e2e-cluster-"));
        cluster = await startCluster({
            workDir,
            binDir: process.env.MILVUS_E2E_BIN,
            log: (line) => process.stderr.write(`${line}\n`),
        });
        apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
        await eventually("the default ServiceAccount of the test namespace", () =>
            cluster.api.find(`/api/v1/namespaces/${ns}/serviceaccounts/default`),
        );
    });

    after(async () => {
        if (cluster === undefined) {
            return;
        }
        const pids = cluster.processes.map((p) => p.pid);
        await cluster.stop();
        await cluster.stop(); // idempotent
        const survivors = pids.filter(
            (pid) => fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8")),
        );
        assert.deepEqual(survivors, [], "every process of the cluster is gone after stop()");
        assert.equal(fs.existsSync(path.join(workDir, "cluster.pids")), false, "pidfile removed");
        fs.rmSync(workDir, { recursive: true, force: true });
    });

    it("has the default CPU and GPU nodes, all Ready, GPU ones labelled with their family, tainted and with 2 GPUs", () => {
        const nodes = JSON.parse(kubectl("get", "nodes", "-o", "json")) as KubeList<
            KubeObject & { status: { conditions: { type: string; status: string }[]; allocatable: Record<string, string> } }
        >;
        assert.equal(nodes.items.length, defaultCpuNodes.count + defaultGpuNodes.count);
        for (const node of nodes.items) {
            assert.ok(
                node.status.conditions.some((c) => c.type === "Ready" && c.status === "True"),
                `${node.metadata.name} Ready`,
            );
            assert.match(node.metadata.labels?.["topology.kubernetes.io/zone"] ?? "", /^e2e-zone-[abc]$/);
        }
        const gpu = nodes.items.filter((n) => n.metadata.labels?.[gpuNodeLabel.key] === gpuNodeLabel.value);
        assert.equal(gpu.length, defaultGpuNodes.count);
        assert.deepEqual(gpu.map((n) => n.metadata.labels?.[gpuFamilyLabel]).sort(), [...defaultGpuNodes.families].sort());
        for (const node of gpu) {
            assert.equal(node.status.allocatable["nvidia.com/gpu"], "2");
            assert.deepEqual(node.spec?.taints, [gpuTaint]);
        }
    });

    it("runs GPU pods on GPU nodes only and leaves a 3-GPU pod Pending for Insufficient nvidia.com/gpu", async () => {
        const gpuPod = (gpus: number) => ({
            nodeSelector: { [gpuNodeLabel.key]: gpuNodeLabel.value },
            tolerations: [{ key: gpuTaint.key, operator: "Exists", effect: "NoSchedule" }],
            containers: [{ name: "c", image: "example.invalid/gpu:1", resources: { limits: { "nvidia.com/gpu": String(gpus) } } }],
        });
        apply({
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "gpu", namespace: ns },
            spec: {
                replicas: 4,
                selector: { matchLabels: { app: "gpu" } },
                template: { metadata: { labels: { app: "gpu" } }, spec: gpuPod(1) },
            },
        });
        apply({ apiVersion: "v1", kind: "Pod", metadata: { name: "three-gpus", namespace: ns }, spec: gpuPod(3) });
        const running = await eventually("4 GPU pods Running", async () => {
            const pods = (await cluster.api.get<KubeList<Pod>>(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dgpu`)).items;
            const ok = pods.filter((p) => p.status?.phase === "Running");
            return ok.length === 4 ? ok : undefined;
        });
        for (const pod of running) {
            assert.match(pod.spec?.nodeName ?? "", /^kwok-gpu-/);
        }
        const message = await eventually("a FailedScheduling event for three-gpus", async () => {
            const events = (
                await cluster.api.get<KubeList<KubeObject & { reason?: string; message?: string }>>(
                    `/api/v1/namespaces/${ns}/events?fieldSelector=involvedObject.name%3Dthree-gpus`,
                )
            ).items;
            return events.find((e) => e.reason === "FailedScheduling")?.message;
        });
        assert.match(message, /Insufficient nvidia\.com\/gpu/);
        const pod = await cluster.api.get<Pod>(`/api/v1/namespaces/${ns}/pods/three-gpus`);
        assert.equal(pod.status?.phase, "Pending");
    });

    it("binds every claim of the dev and prod stacks from the pool, with the default class", async () => {
        const claims = [
            ["dev-logs", "5Gi", "ReadWriteMany"],
            ["dev-data", "20Gi", "ReadWriteMany"],
            ["dev-mysql", "5Gi", "ReadWriteOnce"],
            ["prod-logs", "50Gi", "ReadWriteMany"],
            ["prod-data", "1Ti", "ReadWriteMany"],
            ["prod-mysql", "100Gi", "ReadWriteOnce"],
            ["prod-redis", "10Gi", "ReadWriteOnce"],
        ] as const;
        for (const [name, size, mode] of claims) {
            applyClaim(name, size, mode);
        }
        for (const [name, size] of claims) {
            const pvc = await boundClaim(name);
            assert.equal(pvc.spec.storageClassName, cluster.storageClassName);
            assert.equal(pvc.status.capacity?.storage, size, `${name} got the smallest PV that fits`);
        }
    });

    it("recycles a released PV so that a new claim of the same name binds again", async () => {
        const volume = (await cluster.api.get<Claim>(`/api/v1/namespaces/${ns}/persistentvolumeclaims/prod-data`)).spec.volumeName;
        assert.ok(volume);
        kubectl("delete", "pvc", "-n", ns, "prod-data", "--wait=true");
        // The volume keeper (every 2 s) clears the stale claimRef of Released PVs.
        await eventually(`${volume} Available again`, async () => {
            const pv = await cluster.api.get<KubeObject & { status: { phase: string } }>(`/api/v1/persistentvolumes/${volume}`);
            return pv.status.phase === "Available" ? true : undefined;
        });
        applyClaim("prod-data", "1Ti", "ReadWriteMany");
        await boundClaim("prod-data", "the new prod-data Bound");
    });

    it("tops the pool up and provisions a PV for a claim the pool cannot serve", async () => {
        const created = await cluster.ensureVolumePool([{ size: "1Ti", count: 5 }]);
        assert.ok(created.length >= 3, `created ${created.join(", ")}`);
        applyClaim("huge", "50Ti", "ReadWriteOnce");
        await sleep(3500);
        const names = await cluster.provisionPendingClaims();
        assert.equal(names.length, 1);
        await boundClaim("huge");
    });
});

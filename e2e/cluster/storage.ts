import * as path from "node:path";
import { KubeApi, KubeList, KubeObject } from "./kubeApi";

/**
 * Storage for the simulated cluster. Nothing mounts anything (kwok runs no containers), so volumes are
 * hostPath PersistentVolumes under the work dir that exist only as API objects, bound by the PV controller
 * of kube-controller-manager.
 *
 * StorageClass `e2e-local`: provisioner `kubernetes.io/no-provisioner`, `Immediate` binding (claims bind as
 * soon as created, which the kubernetes provider's await logic for a PVC waits for), marked as the default
 * class because the stacks leave `storageClass` unset, and reclaim policy **Retain**.
 *
 * Why Retain: nobody provisions or deletes `no-provisioner` volumes, so with Delete a released PV goes to
 * the hostPath deleter of kube-controller-manager, which (seen here) marks it Failed ("host_path deleter
 * only supports /tmp/.+") when the path is outside /tmp, and when it is under /tmp removes the directory on
 * the host and the PV: either way the pool drains. With Retain a released PV goes to Released with a stale
 * claimRef (the old claim's UID), which no new claim can bind; {@link recyclePersistentVolumes} clears that
 * claimRef so the PV is Available again. That is what makes the second `pulumi up` after a `pulumi destroy`
 * bind like the first, as it would on a real cluster with a dynamic provisioner. (A PV's own
 * `persistentVolumeReclaimPolicy` is what counts; the class's reclaimPolicy only applies to dynamically
 * provisioned volumes, so both are set to Retain.)
 */
export const defaultStorageClassName = "e2e-local";

/** Labels on the PVs this module makes. */
const poolLabel = "e2e.milvus-cluster/volume-pool";
const sizeLabel = "e2e.milvus-cluster/size";

/** `count` PVs of `size`. */
export interface VolumeClass {
    size: string;
    count: number;
    /** Default ReadWriteOnce and ReadWriteMany (a claim binds a PV whose modes include all of its own). */
    accessModes?: string[];
}

/**
 * The default pool. The PV controller gives a claim the smallest Available PV whose capacity is at least the
 * request and whose access modes include the claim's, so one size class per claim size is enough and every
 * PV offers both RWO and RWX. Claims of the stacks (components/milvus/sharedVolumes.ts,
 * components/backing/statefulServer.ts, defaults in components/config/parseClusterConfig.ts):
 *
 * | stack | milvus-log-disk (RWX) | milvus-data-disk (RWX) | MySQL (RWO) | Redis (RWO) |
 * |---|---|---|---|---|
 * | dev  | 5Gi  | 20Gi | 5Gi   | none (persistence off by default) |
 * | prod | 50Gi | 1Ti  | 100Gi | 10Gi (persistence: true) |
 *
 * MinIO (50Gi) is deployed only with `storage.backend: s3` and no endpoint; RabbitMQ/PostgreSQL/MongoDB
 * brokers take 5Gi; defaults without a stack file are logs 10Gi, data 50Gi, MySQL 10Gi. Both stacks at once
 * take 2×5Gi, 10Gi, 20Gi, 50Gi, 100Gi, 1Ti; the counts below leave spare in every class for the backend
 * matrix, resized volumes and a second deployment.
 */
export const defaultVolumePool: VolumeClass[] = [
    { size: "1Gi", count: 3 },
    { size: "2Gi", count: 3 },
    { size: "5Gi", count: 8 },
    { size: "10Gi", count: 6 },
    { size: "20Gi", count: 4 },
    { size: "50Gi", count: 6 },
    { size: "100Gi", count: 4 },
    { size: "200Gi", count: 2 },
    { size: "500Gi", count: 2 },
    { size: "1Ti", count: 3 },
    { size: "2Ti", count: 2 },
];

const defaultAccessModes = ["ReadWriteOnce", "ReadWriteMany"];

interface PvSpec {
    capacity?: { storage?: string };
    claimRef?: { namespace?: string; name?: string; uid?: string };
    storageClassName?: string;
}
type PersistentVolume = Omit<KubeObject, "spec" | "status"> & { spec?: PvSpec; status?: { phase?: string } };

interface PvcSpec {
    accessModes?: string[];
    storageClassName?: string;
    volumeName?: string;
    resources?: { requests?: { storage?: string } };
}
type PersistentVolumeClaim = Omit<KubeObject, "spec" | "status"> & { spec?: PvcSpec; status?: { phase?: string } };

export async function createStorageClass(api: KubeApi, name: string): Promise<void> {
    await api.create("/apis/storage.k8s.io/v1/storageclasses", {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "kubernetes.io/no-provisioner",
        volumeBindingMode: "Immediate",
        reclaimPolicy: "Retain",
    });
}

const slug = (size: string): string => size.toLowerCase();

const pvObject = (
    name: string,
    size: string,
    storageClassName: string,
    hostRoot: string,
    accessModes: string[],
    claimRef?: { namespace: string; name: string; uid: string },
): PersistentVolume => ({
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, labels: { [poolLabel]: storageClassName, [sizeLabel]: slug(size) } },
    spec: {
        capacity: { storage: size },
        accessModes,
        persistentVolumeReclaimPolicy: "Retain",
        storageClassName,
        volumeMode: "Filesystem",
        hostPath: { path: path.join(hostRoot, name) },
        ...(claimRef === undefined ? {} : { claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", ...claimRef } }),
    } as PvSpec & Record<string, unknown>,
});

const listPvs = async (api: KubeApi, storageClassName: string): Promise<PersistentVolume[]> => {
    const selector = encodeURIComponent(`${poolLabel}=${storageClassName}`);
    return (await api.get<KubeList<PersistentVolume>>(`/api/v1/persistentvolumes?labelSelector=${selector}`)).items;
};

/**
 * Tops the pool up: for each class, creates PVs until `count` of that size are Available (or about to be:
 * a PV with no claimRef, or Released, which {@link recyclePersistentVolumes} frees). Returns the new names.
 */
export async function ensureVolumePool(
    api: KubeApi,
    opts: { storageClassName: string; hostRoot: string; pool?: VolumeClass[] },
): Promise<string[]> {
    const pool = opts.pool ?? defaultVolumePool;
    const existing = await listPvs(api, opts.storageClassName);
    const taken = new Set(existing.map((pv) => pv.metadata.name));
    const created: string[] = [];
    const objects: PersistentVolume[] = [];
    for (const cls of pool) {
        const modes = cls.accessModes ?? defaultAccessModes;
        const free = existing.filter(
            (pv) =>
                pv.metadata.labels?.[sizeLabel] === slug(cls.size) && (pv.spec?.claimRef === undefined || pv.status?.phase === "Released"),
        ).length;
        let index = 0;
        for (let i = free; i < cls.count; i++) {
            let name: string;
            do {
                name = `e2e-pv-${slug(cls.size)}-${index++}`;
            } while (taken.has(name));
            taken.add(name);
            objects.push(pvObject(name, cls.size, opts.storageClassName, opts.hostRoot, modes));
            created.push(name);
        }
    }
    await Promise.all(objects.map((o) => api.create("/api/v1/persistentvolumes", o)));
    return created;
}

/**
 * Makes Released PVs of the pool Available again by removing their stale claimRef (their claim is gone: that
 * is what Released means). Returns the names recycled. Call it after `pulumi destroy`, or let the cluster's
 * volume keeper do it (see `autoRecycleVolumes`).
 */
export async function recyclePersistentVolumes(api: KubeApi, storageClassName: string): Promise<string[]> {
    const released = (await listPvs(api, storageClassName)).filter((pv) => pv.status?.phase === "Released");
    await Promise.all(
        released.map((pv) =>
            // The resourceVersion makes this a no-op if the PV changed since we listed it.
            api
                .patch(
                    `/api/v1/persistentvolumes/${pv.metadata.name}`,
                    [
                        { op: "test", path: "/metadata/resourceVersion", value: pv.metadata.resourceVersion },
                        { op: "remove", path: "/spec/claimRef" },
                    ],
                    "json",
                )
                .catch(() => undefined),
        ),
    );
    return released.map((pv) => pv.metadata.name);
}

/**
 * A tiny on-demand provisioner: for every claim of `storageClassName` (or of no class, which the default
 * class admission turns into ours) still Pending, with no volume chosen and at least `minAgeMs` old, creates
 * a PV of exactly the requested size and access modes, pre-bound to that claim. Returns the PV names created.
 */
export async function provisionPendingClaims(
    api: KubeApi,
    opts: { storageClassName: string; hostRoot: string; minAgeMs?: number },
): Promise<string[]> {
    // Leave the PV controller a moment to bind a fresh claim from the pool first.
    const bornBefore = Date.now() - (opts.minAgeMs ?? 3000);
    const claims = (await api.get<KubeList<PersistentVolumeClaim>>("/api/v1/persistentvolumeclaims")).items.filter(
        (c) =>
            c.status?.phase === "Pending" &&
            !c.spec?.volumeName &&
            Date.parse(c.metadata.creationTimestamp ?? "") <= bornBefore &&
            (c.spec?.storageClassName ?? opts.storageClassName) === opts.storageClassName,
    );
    const created: string[] = [];
    for (const claim of claims) {
        const size = claim.spec?.resources?.requests?.storage;
        if (size === undefined || claim.metadata.uid === undefined || claim.metadata.namespace === undefined) {
            continue;
        }
        const name = `e2e-pv-claim-${claim.metadata.uid}`;
        const ref = { namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid };
        const pv = pvObject(name, size, opts.storageClassName, opts.hostRoot, claim.spec?.accessModes ?? ["ReadWriteOnce"], ref);
        if (await api.create("/api/v1/persistentvolumes", pv)) {
            created.push(name);
        }
    }
    return created;
}

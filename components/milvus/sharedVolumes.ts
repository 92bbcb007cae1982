import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { DataProtection, VolumeConfig } from "../config/types";
import { objectLabels } from "../kube/labels";
import { ObjectContext } from "../kube/workloadContext";

/** Arguments of {@link SharedVolumes}. */
export interface SharedVolumesArgs extends ObjectContext {
    /** The `milvus-log-disk` claim. */
    logs: VolumeConfig;
    /** The `milvus-data-disk` claim; unset when data lives in S3. */
    data?: VolumeConfig;
    /** Protect the claims; keep them (and their data) through `pulumi destroy`. */
    protection: DataProtection;
}

/** Claim names, fixed by the seed (`milvus-log-disk`) and by this program (`milvus-data-disk`). */
export const logClaimName = "milvus-log-disk";
export const dataClaimName = "milvus-data-disk";

/**
 * The volumes the Milvus servers share: logs always, data with local storage (where, in cluster mode, the
 * read-only nodes read the files the write-only node writes, so the claim must be ReadWriteMany).
 */
export class SharedVolumes extends pulumi.ComponentResource {
    readonly logClaimName: string;
    /** Unset when data lives in S3. */
    readonly dataClaimName?: string;

    constructor(name: string, args: SharedVolumesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("milvus-cluster:milvus:SharedVolumes", name, {}, opts);
        const claim = (logical: string, claimName: string, volume: VolumeConfig): k8s.core.v1.PersistentVolumeClaim =>
            new k8s.core.v1.PersistentVolumeClaim(
                logical,
                {
                    metadata: {
                        name: claimName,
                        namespace: args.namespace,
                        labels: objectLabels(args.instance, "storage"),
                    },
                    spec: {
                        accessModes: [volume.accessMode],
                        storageClassName: volume.storageClass,
                        resources: { requests: { storage: volume.size } },
                    },
                },
                // No workload dependsOn a claim: under WaitForFirstConsumer a claim binds only once a pod uses it.
                { parent: this, protect: args.protection.protect, retainOnDelete: args.protection.retainOnDelete },
            );
        claim(`${name}-logs`, logClaimName, args.logs);
        this.logClaimName = logClaimName;
        if (args.data !== undefined) {
            claim(`${name}-data`, dataClaimName, args.data);
            this.dataClaimName = dataClaimName;
        }
        this.registerOutputs({ logClaimName: this.logClaimName, dataClaimName: this.dataClaimName });
    }
}

import { ClusterConfig } from "../config/types";
import { releaseProfiles } from "../release/milvusReleases";

/** Whether a config deploys the seed's Celery workflow tier: cluster mode, with a release that has it (0.4). */
export const hasCeleryTier = (config: Pick<ClusterConfig, "mode" | "release">): boolean =>
    config.mode === "cluster" && releaseProfiles[config.release].celeryTier;

/** Flower's HTTP port. */
export const flowerPort = 5555;

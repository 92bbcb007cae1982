import { ClusterConfig, RolloutConfig } from "./types";

/**
 * Rollout time-outs that grow with the pods a roll must replace.
 *
 *     timeout(workload) = rollout.baseSeconds + ceil(replicas / podsPerStep) × rollout.perPodSeconds
 *
 * `podsPerStep` is how many pods the workload replaces at once: `readNodes.rollingUpdate.maxUnavailable` (1
 * unless set) for the read-only StatefulSet, `maxSurge` (1) for the rolling Deployments, all of them for the
 * `Recreate` ones (the write-only node and the Celery monitor, one replica each). Autoscaled tiers count
 * `autoscaling.maxReplicas`, the most pods a roll may meet. `rolloutTimeoutSeconds`, when set, replaces the
 * formula with one fixed time-out for every workload, and is refused where it is shorter than what a workload
 * needs by the formula.
 */

/** The workloads whose rolls `pulumi up` waits for. */
const rolledWorkloads = ["writeNode", "readNodes", "proxy", "workers", "monitor", "flower", "backingServer", "devicePlugin"] as const;
export type RolledWorkload = (typeof rolledWorkloads)[number];

/** How a workload rolls: how many pods, how many at a time. */
export interface RollShape {
    replicas: number;
    podsPerStep: number;
}

/** How many sequential steps a roll takes. */
export const rollSteps = (shape: RollShape): number => Math.ceil(shape.replicas / Math.max(1, shape.podsPerStep));

/** What the formula gives a workload of this shape. */
export const formulaSeconds = (rollout: Pick<RolloutConfig, "baseSeconds" | "perPodSeconds">, shape: RollShape): number =>
    rollout.baseSeconds + rollSteps(shape) * rollout.perPodSeconds;

/** The config a roll's shape depends on. */
export type RolloutInputs = Pick<ClusterConfig, "rollout" | "writeNode" | "readNodes" | "proxy" | "celery">;

/** Each workload's roll. */
export function rollShapes(config: RolloutInputs): Record<RolledWorkload, RollShape> {
    const autoscaled = (tier: { replicas: number; autoscaling: { enabled: boolean; maxReplicas: number } }): number =>
        tier.autoscaling.enabled ? tier.autoscaling.maxReplicas : tier.replicas;
    const servers = config.writeNode.replicas + config.readNodes.replicas;
    return {
        // Recreate: its one pod goes, then the new one comes.
        writeNode: { replicas: config.writeNode.replicas, podsPerStep: config.writeNode.replicas },
        readNodes: { replicas: config.readNodes.replicas, podsPerStep: config.readNodes.maxUnavailable ?? 1 },
        // RollingUpdate with maxSurge 1, maxUnavailable 0: one new pod at a time.
        proxy: { replicas: autoscaled(config.proxy), podsPerStep: 1 },
        workers: { replicas: autoscaled(config.celery.workers), podsPerStep: 1 },
        monitor: { replicas: 1, podsPerStep: 1 },
        flower: { replicas: 1, podsPerStep: 1 },
        // MySQL, Redis, MinIO, the broker: one-replica StatefulSets.
        backingServer: { replicas: 1, podsPerStep: 1 },
        // A DaemonSet rolls one node at a time; counted as one GPU node per Milvus server (see README).
        devicePlugin: { replicas: servers, podsPerStep: 1 },
    };
}

/** Each workload's time-out in seconds: `rolloutTimeoutSeconds` where set, else the formula. */
export function rolloutTimeouts(config: RolloutInputs): Record<RolledWorkload, number> {
    const shapes = rollShapes(config);
    const timeouts = {} as Record<RolledWorkload, number>;
    for (const workload of rolledWorkloads) {
        timeouts[workload] = config.rollout.fixedSeconds ?? formulaSeconds(config.rollout, shapes[workload]);
    }
    return timeouts;
}

/**
 * Why a fixed `rolloutTimeoutSeconds` cannot fit the workloads' rolls (each workload it is too short for, the
 * one that needs most first, with the formula's numbers), or undefined when it fits or is unset.
 */
export function fixedTimeoutProblem(config: RolloutInputs): string | undefined {
    const fixed = config.rollout.fixedSeconds;
    if (fixed === undefined) {
        return undefined;
    }
    const shapes = rollShapes(config);
    const { baseSeconds, perPodSeconds } = config.rollout;
    const short = rolledWorkloads
        .map((workload) => ({ workload, shape: shapes[workload], need: formulaSeconds(config.rollout, shapes[workload]) }))
        .filter((w) => w.need > fixed)
        .sort((a, b) => b.need - a.need);
    if (short.length === 0) {
        return undefined;
    }
    const needs = short.map(
        ({ workload, shape, need }) =>
            `${workload} (${shape.replicas} pods, ${shape.podsPerStep} per step) needs ${baseSeconds} + ${rollSteps(shape)} × ${perPodSeconds} = ${need} s`,
    );
    return (
        `too short: by rollout.baseSeconds + steps × rollout.perPodSeconds, ${needs.join("; ")}; ` +
        `expected at least ${short[0].need}, or remove it to give each workload its own time-out by that formula`
    );
}

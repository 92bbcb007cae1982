import * as k8s from "@pulumi/kubernetes";
import { SchedulingConfig } from "../config/types";

/**
 * Spreads a tier's pods over `scheduling.topologyKey` (one host, or one zone, at most one pod ahead of the
 * others), so that losing one node takes down as few replicas as possible. `required` keeps a pod Pending
 * rather than double up; `preferred` doubles up when it must.
 */
export const spreadEvenly = (
    scheduling: SchedulingConfig,
    podSelector: Record<string, string>,
): k8s.types.input.core.v1.TopologySpreadConstraint[] => [
    {
        maxSkew: 1,
        topologyKey: scheduling.topologyKey,
        whenUnsatisfiable: scheduling.spread === "required" ? "DoNotSchedule" : "ScheduleAnyway",
        labelSelector: { matchLabels: podSelector },
        // Count only nodes the pod may run on: tainted GPU nodes are not domains for the proxies.
        nodeTaintsPolicy: "Honor",
        nodeAffinityPolicy: "Honor",
    },
];

import * as k8s from "@pulumi/kubernetes";
import { ContainerResources } from "../config/types";

/**
 * Requests and limits of a container, plus `count` units of an extended resource (a GPU) when `count` > 0.
 * Extended resources cannot be overcommitted, so they go in requests and limits alike.
 */
export function containerResources(
    resources: ContainerResources,
    extended?: { name: string; count: number },
): k8s.types.input.core.v1.ResourceRequirements {
    const gpu = extended !== undefined && extended.count > 0 ? { [extended.name]: String(extended.count) } : {};
    return {
        requests: { ...resources.requests, ...gpu },
        limits: { ...resources.limits, ...gpu },
    };
}

import * as k8s from "@pulumi/kubernetes";
import { parse } from "yaml";
import { dotenv } from "./dotenv";
import { findObject, KubeObject, kubernetesObjects, RenderedStack } from "./renderStack";

type PodSpec = k8s.types.output.core.v1.PodSpec;
type Container = k8s.types.output.core.v1.Container;
type PodTemplate = k8s.types.output.core.v1.PodTemplateSpec;

/** Every declared Kubernetes object, as its inputs. */
export const allObjects = (stack: RenderedStack): KubeObject[] => kubernetesObjects(stack).map((r) => r.inputs as unknown as KubeObject);

export const objectsOfKind = (stack: RenderedStack, kind: string): KubeObject[] => allObjects(stack).filter((o) => o.kind === kind);

export const namesOfKind = (stack: RenderedStack, kind: string): string[] =>
    objectsOfKind(stack, kind)
        .map((o) => o.metadata?.name ?? "")
        .sort();

export const workloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "Job"] as const;

/** Kinds whose objects run pods, with the pod template they declare. */
export const workloads = (stack: RenderedStack): KubeObject[] =>
    allObjects(stack).filter((o) => (workloadKinds as readonly string[]).includes(o.kind));

export const podTemplate = (workload: KubeObject): PodTemplate => (workload.spec as { template: PodTemplate }).template;

export const podSpec = (workload: KubeObject): PodSpec => podTemplate(workload).spec as PodSpec;

/** Main and init containers. */
export const allContainers = (workload: KubeObject): Container[] => {
    const spec = podSpec(workload);
    return [...((spec.containers as Container[]) ?? []), ...((spec.initContainers as Container[] | undefined) ?? [])];
};

export const mainContainer = (workload: KubeObject): Container => (podSpec(workload).containers as Container[])[0];

/** A ConfigMap file parsed as YAML. */
export const configFile = <T>(stack: RenderedStack, configMap: string, key: string): T => {
    const data = findObject(stack, "ConfigMap", configMap).data as Record<string, string>;
    if (!(key in data)) {
        throw new Error(`ConfigMap ${configMap} has no key ${key}; it has ${Object.keys(data).join(", ")}`);
    }
    return parse(data[key]) as T;
};

/** A ConfigMap file read as the `.env` it is (the seed's Celery apps' and proxies' settings). */
export const dotenvConfigFile = (stack: RenderedStack, configMap: string, key: string): Record<string, string> => {
    const data = findObject(stack, "ConfigMap", configMap).data as Record<string, string>;
    if (!(key in data)) {
        throw new Error(`ConfigMap ${configMap} has no key ${key}; it has ${Object.keys(data).join(", ")}`);
    }
    return dotenv(data[key]);
};

/** The `replicas` of a Deployment or StatefulSet. */
export const replicasOf = (stack: RenderedStack, kind: string, name: string): number =>
    (findObject(stack, kind, name).spec as { replicas: number }).replicas;

/** The plain `value` of env var `name` in the workload's main container. */
export const envValue = (workload: KubeObject, name: string): string | undefined => {
    const env = (mainContainer(workload).env as k8s.types.output.core.v1.EnvVar[] | undefined) ?? [];
    return env.find((e) => e.name === name)?.value as string | undefined;
};

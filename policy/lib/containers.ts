import { Container, PodTemplate } from "./kubeTypes";

/** A container of a pod, with which list it is in. */
export interface PodContainer {
    container: Container;
    /** `container "x"` or `init container "x"`, for messages. */
    label: string;
}

const labelled = (containers: readonly Container[] | undefined, prefix: string): PodContainer[] =>
    (containers ?? []).map((container, i) => ({
        container,
        label: `${prefix} "${container.name ?? `#${i}`}"`,
    }));

/** The long-running containers (`containers`). */
export const mainContainers = (template: PodTemplate): PodContainer[] => labelled(template.spec?.containers, "container");

/**
 * `containers` and `initContainers`. (Ephemeral containers are added to running pods through their own
 * subresource, never declared in a template.)
 */
export const everyContainer = (template: PodTemplate): PodContainer[] => [
    ...mainContainers(template),
    ...labelled(template.spec?.initContainers, "init container"),
];

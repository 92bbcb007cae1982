import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { helperContainerResources } from "../config/defaults";
import { configChecksum } from "../render/checksum";
import { ConfigRendering, configRendering, CredentialEnvVar } from "./configRendering";
import { PodSpecBody, RestrictedPodInput, restrictedPodTemplate } from "./restrictedPodTemplate";

/** A ConfigMap of config-file templates as its readers need it: name, data checksum, credentials it needs. */
export interface RenderedConfigSource {
    configMapName: string;
    /** Digest of its data: the pods that read it carry it, so that an edit rolls them. */
    checksum: pulumi.Input<string>;
    /** The Secrets that fill its `$(VAR)` placeholders. */
    credentials: readonly CredentialEnvVar[];
}

/** A declared ConfigMap of templates, and what its readers need. */
export interface RenderedConfigMap extends RenderedConfigSource {
    configMap: k8s.core.v1.ConfigMap;
}

/** What {@link renderedConfigMap} declares. */
export interface RenderedConfigMapInput {
    /** Namespace of the workload that reads it. */
    namespace: pulumi.Input<string>;
    /** Object name of the ConfigMap (the seed's, e.g. `milvus-proxy-configmap`). */
    name: string;
    /** Its metadata labels: the reading tier's. */
    labels: Record<string, string>;
    /** The files, credentials as `$(VAR)` placeholders; an output where they depend on one (the namespace). */
    data: Record<string, string> | pulumi.Output<Record<string, string>>;
    /** The Secrets that fill the placeholders when a pod renders the files. */
    credentials: readonly CredentialEnvVar[];
}

/** Declares, as a child of `parent`, a ConfigMap of config-file templates that pods read rendered. */
export function renderedConfigMap(parent: pulumi.Resource, logicalName: string, input: RenderedConfigMapInput): RenderedConfigMap {
    const configMap = new k8s.core.v1.ConfigMap(
        logicalName,
        { metadata: { name: input.name, namespace: input.namespace, labels: input.labels }, data: input.data },
        { parent },
    );
    const checksum = pulumi.Output.isInstance(input.data) ? input.data.apply(configChecksum) : configChecksum(input.data);
    return { configMap, configMapName: input.name, checksum, credentials: input.credentials };
}

/** A pod spec beside a config rendering: the rendering's init container comes first, its volumes too. */
export type RenderedPodSpecBody = Omit<PodSpecBody, "initContainers" | "volumes"> & {
    volumes?: k8s.types.input.core.v1.Volume[];
};

/** What {@link renderedConfigPodTemplate} builds a pod template from. */
export interface RenderedConfigPodInput extends Omit<RestrictedPodInput, "spec"> {
    /** The config-renderer (busybox) image. */
    rendererImage: string;
    /**
     * The ConfigMaps the pod reads rendered, by reader (`server`, `sidecar`): all rendered into one directory
     * (their keys must differ). With more than one, the checksum annotation digests each one's checksum under
     * its reader's name.
     */
    configs: Record<string, RenderedConfigSource>;
    /** The rest of the spec, given how the rendered files are mounted; its volumes follow the rendering's. */
    spec(rendering: ConfigRendering): RenderedPodSpecBody;
}

/**
 * The pod template of a workload whose config files are rendered from ConfigMaps: an init container fills the
 * credentials into the files, the containers mount them (`rendering.mountFile`), and a checksum of the
 * ConfigMaps' data rolls the pods when it changes. The pod is otherwise {@link restrictedPodTemplate}'s.
 */
export function renderedConfigPodTemplate(input: RenderedConfigPodInput): k8s.types.input.core.v1.PodTemplateSpec {
    const sources = Object.entries(input.configs);
    if (sources.length === 0) {
        throw new Error("renderedConfigPodTemplate needs at least one ConfigMap to render");
    }
    const [first, ...others] = sources.map(([, source]) => source);
    const rendering = configRendering({
        configMapName: first.configMapName,
        alsoFrom: others.map((source) => source.configMapName),
        image: input.rendererImage,
        credentials: sources.flatMap(([, source]) => source.credentials),
        resources: helperContainerResources,
    });
    const checksum: pulumi.Input<string> =
        others.length === 0
            ? first.checksum
            : pulumi
                  .all(sources.map(([reader, source]) => pulumi.output(source.checksum).apply((c) => [reader, c] as const)))
                  .apply((checksums) => configChecksum(Object.fromEntries(checksums)));
    const spec = input.spec(rendering);
    return restrictedPodTemplate({
        ...input,
        annotations: { "checksum/config": checksum, ...input.annotations },
        spec: {
            ...spec,
            initContainers: [rendering.initContainer],
            volumes: [...rendering.volumes, ...(spec.volumes ?? [])],
        },
    });
}

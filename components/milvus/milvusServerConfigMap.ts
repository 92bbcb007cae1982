import * as pulumi from "@pulumi/pulumi";
import { RenderedConfigMap, renderedConfigMap } from "../kube/renderedConfigWorkload";
import { ServerRole } from "../render/serverConfigInput";
import { milvusServerFiles } from "./milvusServerFiles";
import { MilvusServerSpec } from "./milvusServerSpec";

/** What a server tier's ConfigMap is built from. */
export interface MilvusServerConfigMapInput {
    /** Namespace of the tier. */
    namespace: pulumi.Input<string>;
    /** Object name (the seed's, e.g. `milvus-woserver-configmap`). */
    name: string;
    /** The tier's object labels. */
    labels: Record<string, string>;
    /** What the tier's servers do: their config files say it. */
    role: ServerRole;
    /** What its config files are rendered from. */
    server: MilvusServerSpec;
}

/**
 * Declares, as a child of `parent`, the ConfigMap (`config.yml`, and `log.conf` for 0.3/0.4) of a Milvus server
 * tier whose servers run in `role`, with credentials as placeholders its pods fill in (see milvusServerPod.ts).
 */
export function milvusServerConfigMap(parent: pulumi.Resource, logicalName: string, input: MilvusServerConfigMapInput): RenderedConfigMap {
    const files = milvusServerFiles({ ...input.server, role: input.role });
    return renderedConfigMap(parent, logicalName, {
        namespace: input.namespace,
        name: input.name,
        labels: input.labels,
        data: files.data,
        credentials: files.credentials,
    });
}

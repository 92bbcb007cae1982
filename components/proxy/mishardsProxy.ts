import * as pulumi from "@pulumi/pulumi";
import { ServiceConnection } from "../backing/serviceConnection";
import { ProxyConfig } from "../config/types";
import { labelSelectorString } from "../kube/labels";
import { proxyDbUri } from "../render/connectionUrls";
import { credentialEnv, placeholder } from "../render/placeholders";
import { mishardsSettings } from "../render/mishardsSettings";
import { ProxyFlavor, proxyLogPath } from "./proxyFlavor";

/** What Mishards is configured from. */
export interface MishardsInput {
    /** Where Kubernetes discovery looks for the read-only pods. */
    namespace: pulumi.Input<string>;
    /** `proxy.*`: discovery mode and Mishards tuning. */
    proxy: ProxyConfig;
    /** Client port of the proxy and the servers. */
    port: number;
    /** Service name of the write-only node. */
    writeNodeHost: string;
    /** The read-only nodes: StatefulSet name, pod labels and replica count. */
    readNodes: { name: string; podSelector: Record<string, string>; replicas: number };
    /** The MySQL metastore Mishards reads table metadata from. */
    metastore: ServiceConnection;
    /** The Milvus server versions it accepts (the release's); unset: Mishards' default. */
    serverVersions?: string;
}

/**
 * Mishards (0.10/1.1, and the 0.3/0.4 line without the Celery tier): its image's own command, a read-only
 * root, the metastore's password in its `.env`, and, with Kubernetes discovery, the API to list the read-only
 * pods.
 */
export function mishardsProxy(input: MishardsInput): ProxyFlavor {
    // The namespace may be an output (of the Namespace resource), so the settings are one too.
    const settings = pulumi.output(input.namespace).apply((namespace) =>
        mishardsSettings({
            proxy: input.proxy,
            namespace,
            port: input.port,
            writeNodeHost: input.writeNodeHost,
            databaseUri: proxyDbUri(input.metastore, placeholder(credentialEnv.mysqlPassword)),
            readNodesName: input.readNodes.name,
            readNodesLabelSelector: labelSelectorString(input.readNodes.podSelector),
            readNodeReplicas: input.readNodes.replicas,
            logPath: proxyLogPath,
            serverVersions: input.serverVersions,
        }),
    );
    return {
        settingsTitle: "Mishards (milvus proxy) settings",
        settings,
        credentials:
            input.metastore.password === undefined ? [] : [{ name: credentialEnv.mysqlPassword, secret: input.metastore.password }],
        start: {},
        kubernetesDiscovery: input.proxy.discovery === "kubernetes",
        dependsOn: [],
    };
}

// The milvus-cluster stack: read and validate stack config, refuse destructive changes, build the cluster,
// export its endpoints.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    ConfigError,
    configNamespace,
    kubernetesProviderArgs,
    layoutFromOutput,
    MilvusCluster,
    parseClusterSettings,
    previousStackOutput,
    rawConfigFromStack,
    replacementGuard,
    storageLayout,
} from "./components";

export = async () => {
    // Throws a ConfigError listing every problem before any resource is registered. `settings` is the stack
    // config as typed settings, which MilvusCluster parses again (the same function, the same result).
    const { config, settings } = parseClusterSettings(rawConfigFromStack(pulumi.runtime.allConfig(), configNamespace));

    // A change that would replace or delete stored data (a storage class, a backend switch, ...) is refused
    // unless protection.allowReplacement says otherwise (and that flag when there is nothing to allow).
    const layout = storageLayout(config);
    const previous = layoutFromOutput(await previousStackOutput("storageLayout"));
    const refused = replacementGuard(previous, layout, config.protection.allowReplacement, configNamespace);
    if (refused.length > 0) {
        throw new ConfigError(refused);
    }

    const provider = new k8s.Provider("kubernetes", kubernetesProviderArgs(config.kubernetes));
    // (`settings.kubernetes`, read above for the provider, is a key MilvusCluster ignores.)
    const cluster = new MilvusCluster("milvus", settings, { providers: { kubernetes: provider } });

    return {
        /** In-cluster `host:port` of the proxy clients connect to (single mode: the server). */
        proxyEndpoint: cluster.proxyEndpoint,
        namespace: cluster.namespace,
        mode: config.mode,
        /** The Milvus line deployed (`milvus.release`). */
        release: config.release,
        writeNodeEndpoint: cluster.writeNodeEndpoint,
        flowerUrl: cluster.flowerUrl,
        /** `host:port` of the backing services in use, by role (metastore, objectStorage, cache, broker, resultBackend). */
        backendEndpoints: cluster.backendEndpoints,
        /** The Celery broker URL with its password masked (the seed's line in cluster mode). */
        celeryBrokerUrl: cluster.celeryBrokerUrl,
        /** What the next update compares against to refuse destructive changes (see README). */
        storageLayout: layout,
    };
};

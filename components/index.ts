// The public surface of the milvus-cluster component library, for use from any Pulumi program.
export { MilvusCluster, MilvusClusterArgs } from "./milvusCluster";
export { BackendEndpoints } from "./backing/backingServices";
export { parseClusterConfig, parseClusterSettings, ParsedSettings, configNamespace } from "./config/parseClusterConfig";
export * from "./config/clusterSettings";
export { rawConfigFromStack } from "./config/stackConfig";
export { ConfigError, ConfigProblem } from "./config/configError";
export * from "./config/types";
export { MilvusRelease, milvusReleases, defaultRelease, releaseProfiles, MilvusReleaseProfile } from "./release/milvusReleases";
export { kubernetesProviderArgs } from "./kube/kubernetesProvider";
export { NvidiaDevicePlugin, NvidiaDevicePluginArgs } from "./gpu/nvidiaDevicePlugin";
export { MySql, Redis, PostgreSql, MongoDb, RabbitMq, DatabaseServiceArgs, RedisArgs } from "./backing/backingService";
export { ObjectStorage, ObjectStorageArgs, S3Connection } from "./backing/objectStorage";
export { WorkloadContext, ObjectContext } from "./kube/workloadContext";
export { RolloutWait } from "./kube/rolloutTimeout";
export { ServiceConnection, SecretRef } from "./backing/serviceConnection";
export { MilvusServerSpec, MilvusServerTierPods, MilvusVolumes } from "./milvus/milvusServerSpec";
export { WriteNode, WriteNodeArgs, writerRole, WriterRole } from "./milvus/writeNode";
export { ReadNodes, ReadNodesArgs } from "./milvus/readNodes";
export { SharedVolumes, SharedVolumesArgs } from "./milvus/sharedVolumes";
export { MetricsServiceMonitor, MetricsServiceMonitorArgs } from "./milvus/metricsServiceMonitor";
export { MilvusProxy, MilvusProxyArgs } from "./proxy/milvusProxy";
export { CeleryWorkflow, CeleryWorkflowArgs } from "./celery/celeryWorkflow";
export { celeryAppSettings, CeleryAppSettings, CeleryConnections } from "./celery/celeryAppSettings";
export { NetworkIsolation, NetworkIsolationArgs, ClientSources } from "./network/networkIsolation";
export {
    networkTopology,
    NetworkTopology,
    NetworkTopologyInput,
    DeployedTiers,
    PodPort,
    MilvusServerPorts,
} from "./network/networkTopology";
export { backingServicesInUse, BackingServiceName } from "./config/backingServicesInUse";
export { storageLayout, layoutFromOutput, StorageLayout } from "./config/storageLayout";
export { destructiveChanges, replacementGuard } from "./config/replacementGuard";
export { quantityBytes } from "./config/quantities";
export { previousStackOutput } from "./stack/previousStackOutput";

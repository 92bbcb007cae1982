/**
 * The simulated Kubernetes cluster of the e2e tier: real etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler on 127.0.0.1, nodes simulated by kwok. See README.md in this folder.
 */
export type { AttachedCluster, Cluster, StartClusterOptions } from "./cluster";
export { attachCluster, startCluster } from "./cluster";
export { defaultBinDir } from "./binaries";
export { serviceCidr } from "./controlPlaneFlags";
export { KubeApi, ApiError } from "./kubeApi";
export type { ApiResponse, KubeList, KubeObject } from "./kubeApi";
export type { GpuNodeGroupSpec, NodeGroupSpec, SimulatedNode } from "./nodes";
export { defaultCpuNodes, defaultGpuNodes, gpuFamilyLabel, gpuNodeLabel, gpuTaint, nodeGroupLabel } from "./nodes";
export { killLeftovers } from "./processes";
export type { VolumeClass } from "./storage";
export { defaultStorageClassName, defaultVolumePool, ensureVolumePool, provisionPendingClaims, recyclePersistentVolumes } from "./storage";
export { neverReadyAnnotation } from "./stages";

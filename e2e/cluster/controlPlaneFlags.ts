import * as path from "node:path";
import { ClusterCertificates } from "./certs";
import { kwokNodeAnnotation } from "./nodes";
import { ControlPlanePorts } from "./ports";
import { WorkDirLayout } from "./workDir";

/** Service CIDR of the simulated cluster (the `kubernetes` Service gets 10.96.0.1). */
export const serviceCidr = "10.96.0.0/12";

/** etcd: one member on loopback, its data in the workDir. */
export const etcdFlags = (ports: ControlPlanePorts, layout: WorkDirLayout): string[] => [
    "--name=e2e",
    `--data-dir=${layout.etcdDir}`,
    `--listen-client-urls=http://127.0.0.1:${ports.etcd}`,
    `--advertise-client-urls=http://127.0.0.1:${ports.etcd}`,
    `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-cluster=e2e=http://127.0.0.1:${ports.etcdPeer}`,
    "--initial-cluster-state=new",
    // A throwaway test store: durability buys nothing and fsync costs seconds on slow disks.
    "--unsafe-no-fsync=true",
    "--log-level=warn",
];

/** kube-apiserver: client-certificate authentication, RBAC, service accounts signed with our key pair. */
export const apiserverFlags = (ports: ControlPlanePorts, layout: WorkDirLayout, certs: ClusterCertificates): string[] => [
    `--etcd-servers=http://127.0.0.1:${ports.etcd}`,
    "--bind-address=127.0.0.1",
    "--advertise-address=127.0.0.1",
    `--secure-port=${ports.apiserver}`,
    `--cert-dir=${path.join(layout.pkiDir, "apiserver-generated")}`,
    `--tls-cert-file=${certs.apiserver.cert}`,
    `--tls-private-key-file=${certs.apiserver.key}`,
    `--client-ca-file=${certs.ca.cert}`,
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    `--service-account-key-file=${certs.serviceAccount.publicKey}`,
    `--service-account-signing-key-file=${certs.serviceAccount.privateKey}`,
    `--service-cluster-ip-range=${serviceCidr}`,
    "--authorization-mode=Node,RBAC",
    // The default reconciler would publish 127.0.0.1 as the `kubernetes` Endpoints, which is rejected.
    "--endpoint-reconciler-type=none",
    "--allow-privileged=true",
    "--profiling=false",
];

/** What kube-controller-manager and kube-scheduler share: their identity, their /healthz port, no leader election. */
const componentFlags = (kubeconfig: string, port: number, name: string, layout: WorkDirLayout): string[] => [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    "--bind-address=127.0.0.1",
    `--secure-port=${port}`,
    `--cert-dir=${path.join(layout.pkiDir, `${name}-generated`)}`,
    "--leader-elect=false",
    "--profiling=false",
];

/** kube-controller-manager: every controller but node IPAM, one service account each, quick claim binding. */
export const controllerManagerFlags = (ports: ControlPlanePorts, layout: WorkDirLayout, certs: ClusterCertificates): string[] => [
    ...componentFlags(layout.kubeconfigs.controllerManager, ports.controllerManager, "kube-controller-manager", layout),
    // No pod CIDRs to hand out: kwok assigns pod IPs itself.
    "--controllers=*,-nodeipam",
    "--use-service-account-credentials=true",
    `--service-account-private-key-file=${certs.serviceAccount.privateKey}`,
    `--root-ca-file=${certs.ca.cert}`,
    `--cluster-signing-cert-file=${certs.ca.cert}`,
    `--cluster-signing-key-file=${certs.ca.key}`,
    `--service-cluster-ip-range=${serviceCidr}`,
    // Re-examine unbound claims every 5 s (default 15 s), so a claim waiting for a recycled or
    // newly created PV binds quickly.
    "--pvclaimbinder-sync-period=5s",
    // With one service account per controller, start-up is a burst of ServiceAccount creations and
    // TokenRequests that the default client rate limit (20 qps) spreads over ~4 s.
    "--kube-api-qps=200",
    "--kube-api-burst=400",
];

/** kube-scheduler: nothing beyond what it shares with the controller manager. */
export const schedulerFlags = (ports: ControlPlanePorts, layout: WorkDirLayout): string[] =>
    componentFlags(layout.kubeconfigs.scheduler, ports.scheduler, "kube-scheduler", layout);

/** kwok: the stages in `stagesConfig`, only the nodes we annotate, pod IPs from `podCidr`. */
export const kwokFlags = (layout: WorkDirLayout, stagesConfig: string, podCidr: string): string[] => [
    `--kubeconfig=${layout.kubeconfigs.kwok}`,
    `--config=${stagesConfig}`,
    "--manage-all-nodes=false",
    `--manage-nodes-with-annotation-selector=${kwokNodeAnnotation.key}=${kwokNodeAnnotation.value}`,
    "--manage-nodes-with-label-selector=",
    `--cidr=${podCidr}`,
    "--node-ip=10.0.0.1",
    "--node-lease-duration-seconds=40",
];

// The names the milvus-cluster program (components/), this policy pack and the e2e tier must agree on,
// spelled here once and imported by all three.
//
// Why here, in the pack, and not in components/: the pack must run on its own. `pulumi preview --policy-pack
// policy`, policy/run-pack.sh and `pulumi policy publish` load this folder as a package of its own (its
// package.json, its index.ts), and a published pack is this folder only, so the pack may import nothing from
// outside it. The program, on the other hand, always runs from the repository, where policy/ sits beside it
// (the e2e tier copies this file and ./policyNames.ts into its project copy with components/). This file imports nothing, so the
// program that imports it loads none of the pack's dependencies. Policy names have their own file,
// ./policyNames.ts, equally dependency-free.

/**
 * The pod-template annotation by which a workload exempts itself from named policies of the pack: a JSON
 * object mapping a policy name to the reason, e.g. `{"no-host-paths": "the device plugin registers through
 * the kubelet"}`. The program writes it (components/kube/podSecurity.ts); the pack reads and checks it.
 */
export const policyExemptionsAnnotation = "milvus-cluster/policy-exemptions";

/** The label that names a pod's tier; NetworkPolicies, the pack and the e2e checks select pods by it. */
export const componentLabel = "app.kubernetes.io/component";

/**
 * The backing services the program can deploy in the cluster or point at outside it. An in-cluster one's pods
 * carry its name as their component label, which is how the pack recognises the data stores it isolates.
 */
export const backingServiceNames = ["mysql", "redis", "minio", "rabbitmq", "postgresql", "mongodb"] as const;

/** A backing service this program can deploy in the cluster or point at outside it. */
export type BackingServiceName = (typeof backingServiceNames)[number];

/**
 * The sharding proxy's objects (Deployment, ServiceAccount, PodDisruptionBudget, autoscaler): the seed's
 * `milvus-proxy`. The pack requires a PodDisruptionBudget for the Deployment of this name.
 */
export const proxyName = "milvus-proxy";

/**
 * Name of the read-only nodes' StatefulSet and its headless Service: the seed's `milvus-ro-servers`. The 0.4
 * line's monitor tracks only Celery nodes whose name starts with it (celery_project monitor_faas/app.py:25-27,
 * 34-36), and the sidecars take their pod's name as theirs. The pack requires a PodDisruptionBudget for the
 * StatefulSet of this name.
 */
export const readNodesName = "milvus-ro-servers";

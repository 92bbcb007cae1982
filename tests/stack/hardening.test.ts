// Production hardening, as the declared objects show it: data protection, surviving failures, isolation.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { allContainers, allObjects, mainContainer, objectsOfKind, podSpec, podTemplate, workloads } from "../helpers/kubeQueries";
import { selects } from "../../policy/lib/labelSelector";
import { DeclaredResource, findObject, KubeObject, kubernetesObjects, RenderedStack, renderStack } from "../helpers/renderStack";
import { scenarios } from "../helpers/scenarios";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

type Container = k8s.types.output.core.v1.Container;
type PodSpec = k8s.types.output.core.v1.PodSpec;
type LabelSelector = k8s.types.output.meta.v1.LabelSelector;
type NetworkPolicySpec = k8s.types.output.networking.v1.NetworkPolicySpec;

const nameOf = (o: KubeObject): string => `${o.kind} ${o.metadata?.name ?? "(auto-named)"}`;
const kindOf = (r: DeclaredResource): string => (r.inputs as unknown as KubeObject).kind;
const objectNameOf = (r: DeclaredResource): string | undefined => (r.inputs as unknown as KubeObject).metadata?.name;

const podLabels = (workload: KubeObject): Record<string, string> =>
    (podTemplate(workload).metadata?.labels as Record<string, string> | undefined) ?? {};

const longRunning = (stack: RenderedStack): KubeObject[] => workloads(stack).filter((w) => w.kind !== "Job");

/** Resources holding data: backing-server StatefulSets with claims, PVCs, generated passwords, their Secrets. */
const statefulResources = (stack: RenderedStack): DeclaredResource[] =>
    stack.resources.filter((r) => {
        if (r.type === "random:index/randomPassword:RandomPassword") {
            return true;
        }
        const kind = r.custom && r.type.startsWith("kubernetes:") ? kindOf(r) : undefined;
        const spec = r.inputs.spec as { volumeClaimTemplates?: unknown[] } | undefined;
        return (
            kind === "PersistentVolumeClaim" ||
            kind === "Namespace" ||
            (kind === "StatefulSet" && (spec?.volumeClaimTemplates?.length ?? 0) > 0) ||
            (kind === "Secret" && /-credentials$/.test(objectNameOf(r) ?? ""))
        );
    });

describe("hardening: data is never lost by a routine change", () => {
    let dev: RenderedStack;
    let prod: RenderedStack;
    before(async () => {
        dev = await renderStack(loadStackFile("dev"), "dev");
        prod = await renderStack(loadStackFile("prod"), "prod");
    });

    test("prod protects every stateful resource: claims, StatefulSets with claims, passwords, credential Secrets, namespace", () => {
        const stateful = statefulResources(prod);
        const kinds = new Set(stateful.map((r) => (r.type.startsWith("random:") ? "RandomPassword" : kindOf(r))));
        assert.deepEqual([...kinds].sort(), ["Namespace", "PersistentVolumeClaim", "RandomPassword", "Secret", "StatefulSet"]);
        for (const resource of stateful) {
            assert.equal(resource.protect, true, `${resource.type} ${resource.name} must be protected in prod`);
        }
    });

    test("prod protects nothing that holds no data (Deployments, Services, ConfigMaps)", () => {
        for (const resource of kubernetesObjects(prod).filter((r) => ["Deployment", "Service", "ConfigMap"].includes(kindOf(r)))) {
            assert.equal(resource.protect, false, `${resource.name}`);
        }
    });

    test("prod retains claims on delete: the shared PVCs and their namespace, and StatefulSet claims (whenDeleted: Retain)", () => {
        for (const resource of kubernetesObjects(prod).filter((r) => ["PersistentVolumeClaim", "Namespace"].includes(kindOf(r)))) {
            assert.equal(resource.retainOnDelete, true, resource.name);
        }
        const withClaims = objectsOfKind(prod, "StatefulSet").filter(
            (s) => ((s.spec as { volumeClaimTemplates?: unknown[] }).volumeClaimTemplates ?? []).length > 0,
        );
        assert.ok(withClaims.length >= 1, "MySQL of prod");
        for (const statefulSet of withClaims) {
            assert.deepEqual((statefulSet.spec as { persistentVolumeClaimRetentionPolicy: unknown }).persistentVolumeClaimRetentionPolicy, {
                whenDeleted: "Retain",
                whenScaled: "Retain",
            });
        }
    });

    test("dev stays easy to tear down: nothing protected or retained, StatefulSet claims deleted with them", () => {
        for (const resource of dev.resources) {
            assert.equal(resource.protect, false, resource.name);
            assert.equal(resource.retainOnDelete, false, resource.name);
        }
        const mysql = findObject(dev, "StatefulSet", "milvus-mysql");
        assert.equal(
            (mysql.spec as { persistentVolumeClaimRetentionPolicy: { whenDeleted: string } }).persistentVolumeClaimRetentionPolicy
                .whenDeleted,
            "Delete",
        );
    });

    test("a non-persistent Redis server is not protected in a protected stack (no data to keep); its password is", async () => {
        const stack = await renderStack(
            withOverrides(loadStackFile("seed"), { redis: { persistence: false }, protection: { protect: true, retainOnDelete: true } }),
        );
        const redis = stack.resources.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && objectNameOf(r) === "milvus-redis");
        assert.equal(redis?.protect, false);
        const password = stack.resources.find((r) => r.name === "milvus-redis-credentials-password");
        assert.equal(password?.type, "random:index/randomPassword:RandomPassword");
        assert.equal(password?.protect, true);
        const mysql = stack.resources.find((r) => r.type === "kubernetes:apps/v1:StatefulSet" && objectNameOf(r) === "milvus-mysql");
        assert.equal(mysql?.protect, true);
    });

    // Fields whose change makes the provider replace the object (immutable in the API).
    const immutableParts = (stack: RenderedStack): Record<string, unknown> => {
        const parts: Record<string, unknown> = {};
        for (const object of allObjects(stack)) {
            const spec = object.spec as Record<string, unknown> | undefined;
            if (object.kind === "StatefulSet") {
                parts[nameOf(object)] = {
                    selector: spec?.selector,
                    serviceName: spec?.serviceName,
                    podManagementPolicy: spec?.podManagementPolicy,
                    volumeClaimTemplates: spec?.volumeClaimTemplates,
                };
            } else if (object.kind === "PersistentVolumeClaim") {
                const claim = spec as { accessModes: unknown; storageClassName: unknown };
                parts[nameOf(object)] = { accessModes: claim.accessModes, storageClassName: claim.storageClassName };
            } else if (object.kind === "Deployment") {
                parts[nameOf(object)] = { selector: spec?.selector };
            }
        }
        return parts;
    };

    const routineChanges: Record<string, Record<string, unknown>> = {
        "more read-only nodes and proxies": { readNodes: { replicas: 6 }, proxy: { replicas: 5 } },
        "bigger resources": {
            readNodes: { resources: { requests: { cpu: "6", memory: "48Gi" }, limits: { cpu: "12", memory: "96Gi" } } },
            mysql: { resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { cpu: "4", memory: "8Gi" } } },
        },
        "new images": {
            images: { milvus: "mirror.example.com/milvusdb/milvus:1.1.1-gpu-d061621-330cc6" },
            mysql: { image: "mysql:5.7.45" },
        },
        "config-file edits": { milvus: { cpuCacheCapacityGb: 32 }, proxy: { maxWorkers: 64 } },
        "a bigger log volume (grows in place)": { volumes: { logs: { size: "80Gi" } } },
    };
    for (const [change, overrides] of Object.entries(routineChanges)) {
        test(`${change} leaves every replace-triggering field of StatefulSets, PVCs and selectors as it was`, async () => {
            const changed = await renderStack(withOverrides(loadStackFile("prod"), overrides as never), "prod");
            assert.deepEqual(immutableParts(changed), immutableParts(prod));
        });
    }

    test("a config-file edit changes the checksum of exactly the pods that read that file", async () => {
        const checksums = (stack: RenderedStack): Record<string, string | undefined> =>
            Object.fromEntries(
                longRunning(stack).map((w) => [
                    nameOf(w),
                    (podTemplate(w).metadata?.annotations as Record<string, string> | undefined)?.["checksum/config"],
                ]),
            );
        const before = checksums(prod);
        const changedFiles = async (overrides: Record<string, unknown>): Promise<string[]> => {
            const after = checksums(await renderStack(withOverrides(loadStackFile("prod"), overrides as never), "prod"));
            return Object.keys(after)
                .filter((k) => after[k] !== before[k])
                .sort();
        };
        assert.deepEqual(await changedFiles({ milvus: { cpuCacheCapacityGb: 32 } }), [
            "Deployment milvus-wo-servers",
            "StatefulSet milvus-ro-servers",
        ]);
        assert.deepEqual(await changedFiles({ proxy: { maxWorkers: 64 } }), ["Deployment milvus-proxy"]);
        // With Kubernetes discovery the proxy finds read-only pods itself: scaling them rolls nothing.
        assert.deepEqual(await changedFiles({ readNodes: { replicas: 6 } }), []);
    });

    test("seed line: a Celery config edit rolls exactly the pods that read it: monitor, workers, sidecars, Thrift proxy", async () => {
        const checksums = async (overrides: Record<string, unknown>): Promise<Record<string, string | undefined>> =>
            Object.fromEntries(
                longRunning(await renderStack(withOverrides(loadStackFile("seed"), overrides as never), "seed")).map((w) => [
                    nameOf(w),
                    (podTemplate(w).metadata?.annotations as Record<string, string> | undefined)?.["checksum/config"],
                ]),
            );
        const before = await checksums({});
        const after = await checksums({ monitor: { serversMonitorKey: "monitor:nodes" } });
        // Flower takes only the broker URL, from its environment: an env change rolls it by itself.
        assert.deepEqual(
            Object.keys(after)
                .filter((k) => after[k] !== before[k])
                .sort(),
            ["Deployment milvus-monitor", "Deployment milvus-proxy", "Deployment milvus-workers", "StatefulSet milvus-ro-servers"],
        );
    });
});

describe("hardening: staying up through failures", () => {
    for (const stackName of ["dev", "prod", "seed"]) {
        describe(stackName, () => {
            let stack: RenderedStack;
            before(async () => {
                stack = await renderStack(loadStackFile(stackName), stackName);
            });

            test("every long-running container has a readiness and a liveness probe, or its workload says why not", () => {
                for (const workload of longRunning(stack)) {
                    const exemptions = JSON.parse(
                        (podTemplate(workload).metadata?.annotations as Record<string, string> | undefined)?.[
                            "milvus-cluster/policy-exemptions"
                        ] ?? "{}",
                    ) as Record<string, string>;
                    for (const container of (podSpec(workload).containers as Container[]) ?? []) {
                        if (exemptions["pods-have-probes"] !== undefined) {
                            assert.equal(workload.kind, "DaemonSet", "only the device plugin is exempt");
                            continue;
                        }
                        assert.ok(container.readinessProbe, `${nameOf(workload)}/${container.name}: readiness`);
                        assert.ok(container.livenessProbe, `${nameOf(workload)}/${container.name}: liveness`);
                    }
                }
            });

            test("the proxy and the read-only nodes have PodDisruptionBudgets that select exactly their pods", () => {
                const budgets = objectsOfKind(stack, "PodDisruptionBudget");
                assert.deepEqual(budgets.map((b) => b.metadata?.name).sort(), ["milvus-proxy", "milvus-ro-servers"]);
                for (const budget of budgets) {
                    const spec = budget.spec as { selector: LabelSelector; maxUnavailable: number; unhealthyPodEvictionPolicy: string };
                    const selected = longRunning(stack).filter((w) => selects(spec.selector, podLabels(w)));
                    assert.deepEqual(
                        selected.map((w) => w.metadata?.name),
                        [budget.metadata?.name],
                    );
                    assert.equal(spec.maxUnavailable, 1);
                    assert.equal(spec.unhealthyPodEvictionPolicy, "AlwaysAllow");
                }
            });

            test("read-only nodes and proxies spread over nodes, counting only nodes they may run on", () => {
                for (const [kind, name] of [
                    ["StatefulSet", "milvus-ro-servers"],
                    ["Deployment", "milvus-proxy"],
                ]) {
                    const workload = findObject(stack, kind, name);
                    const [constraint] = podSpec(workload).topologySpreadConstraints as k8s.types.output.core.v1.TopologySpreadConstraint[];
                    assert.equal(constraint.topologyKey, "kubernetes.io/hostname");
                    assert.equal(constraint.maxSkew, 1);
                    assert.equal(constraint.whenUnsatisfiable, stackName === "prod" ? "DoNotSchedule" : "ScheduleAnyway");
                    assert.equal(constraint.nodeTaintsPolicy, "Honor");
                    assert.ok(selects(constraint.labelSelector as LabelSelector, podLabels(workload)));
                }
            });

            test("GPU pods go to GPU nodes only (node selector and the taint's toleration); nothing else tolerates the taint", () => {
                for (const workload of longRunning(stack)) {
                    const spec = podSpec(workload);
                    const asksGpu = ((spec.containers as Container[]) ?? []).some(
                        (c) => (c.resources?.limits as Record<string, string> | undefined)?.["nvidia.com/gpu"] !== undefined,
                    );
                    const tolerates = ((spec.tolerations as k8s.types.output.core.v1.Toleration[] | undefined) ?? []).some(
                        (t) => t.key === "nvidia.com/gpu",
                    );
                    if (asksGpu) {
                        assert.deepEqual(spec.nodeSelector, { "nvidia.com/gpu.present": "true" }, nameOf(workload));
                        // Only GPUs the release's kernels run on (0.10/1.1: Pascal, Volta, Turing); the seed's line: no rule.
                        const terms = (spec.affinity as k8s.types.output.core.v1.Affinity | undefined)?.nodeAffinity
                            ?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
                        assert.deepEqual(
                            terms,
                            stackName === "seed"
                                ? undefined
                                : [
                                      {
                                          matchExpressions: [
                                              { key: "nvidia.com/gpu.family", operator: "In", values: ["pascal", "volta", "turing"] },
                                          ],
                                      },
                                  ],
                            nameOf(workload),
                        );
                    }
                    assert.equal(tolerates, asksGpu || workload.kind === "DaemonSet", nameOf(workload));
                }
            });

            test("rolling updates never take the last ready proxy, worker or read-only node down; single-writer tiers recreate", () => {
                const strategy = (kind: string, name: string): Record<string, unknown> =>
                    (findObject(stack, kind, name).spec as { strategy?: Record<string, unknown>; updateStrategy?: Record<string, unknown> })
                        .strategy ?? {};
                const celery = stackName === "seed";
                for (const name of ["milvus-proxy", ...(celery ? ["milvus-workers", "milvus-flower"] : [])]) {
                    assert.deepEqual(
                        strategy("Deployment", name),
                        { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                        name,
                    );
                }
                for (const name of ["milvus-wo-servers", ...(celery ? ["milvus-monitor"] : [])]) {
                    assert.deepEqual(strategy("Deployment", name), { type: "Recreate" }, name);
                }
                const readNodes = findObject(stack, "StatefulSet", "milvus-ro-servers").spec as {
                    updateStrategy: { type: string; rollingUpdate: { partition: number } };
                    minReadySeconds: number;
                };
                // One pod at a time from the top ordinal, the next only once the last is Ready for minReadySeconds.
                assert.deepEqual(readNodes.updateStrategy, { type: "RollingUpdate", rollingUpdate: { partition: 0 } });
                assert.ok(readNodes.minReadySeconds >= 10);
                const proxy = findObject(stack, "Deployment", "milvus-proxy").spec as { minReadySeconds: number };
                assert.ok(proxy.minReadySeconds > 0, "a surged proxy must stay Ready a moment before an old one goes");
            });

            test("no autoscalers unless asked for", () => {
                assert.deepEqual(objectsOfKind(stack, "HorizontalPodAutoscaler"), []);
            });
        });
    }

    test("autoscalers, when on, own the replica count of the proxy and the workers", async () => {
        const proxyScaled = await renderStack(
            scenarios["every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO"](),
        );
        const workersScaled = await renderStack(
            scenarios["seed line hardened: worker autoscaler, RabbitMQ, NetworkPolicies, protection"](),
        );
        const maxReplicas: number[] = [];
        for (const [stack, scaled] of [
            [proxyScaled, "milvus-proxy"],
            [workersScaled, "milvus-workers"],
        ] as const) {
            const autoscalers = objectsOfKind(stack, "HorizontalPodAutoscaler");
            assert.deepEqual(
                autoscalers.map((a) => a.metadata?.name),
                [scaled],
            );
            const spec = autoscalers[0].spec as { scaleTargetRef: { kind: string; name: string }; maxReplicas: number };
            assert.deepEqual(spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: scaled });
            assert.equal((findObject(stack, "Deployment", scaled).spec as { replicas?: number }).replicas, undefined);
            maxReplicas.push(spec.maxReplicas);
        }
        assert.deepEqual(maxReplicas, [6, 12]);
    });

    test("priority classes: scheduling.priorityClassName for every tier, <tier>.priorityClassName overrides it", async () => {
        const stack = await renderStack(
            scenarios["every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO"](),
        );
        for (const workload of longRunning(stack).filter((w) => w.kind !== "DaemonSet")) {
            const expected = workload.metadata?.name === "milvus-ro-servers" ? "milvus-critical" : "milvus-standard";
            assert.equal(podSpec(workload).priorityClassName, expected, nameOf(workload));
        }
    });
});

describe("hardening: no one in where they don't belong", () => {
    for (const [scenario, config] of Object.entries(scenarios)) {
        describe(scenario, () => {
            let stack: RenderedStack;
            before(async () => {
                stack = await renderStack(config());
            });

            test("every pod runs with seccomp RuntimeDefault; every container without privilege escalation or capabilities", () => {
                for (const workload of workloads(stack)) {
                    const spec = podSpec(workload);
                    assert.equal(
                        (spec.securityContext as { seccompProfile: { type: string } }).seccompProfile.type,
                        "RuntimeDefault",
                        nameOf(workload),
                    );
                    assert.notEqual(spec.hostNetwork, true);
                    for (const container of allContainers(workload)) {
                        const security = container.securityContext as k8s.types.output.core.v1.SecurityContext;
                        const where = `${nameOf(workload)}/${container.name}`;
                        assert.equal(security.allowPrivilegeEscalation, false, where);
                        assert.equal(security.privileged, false, where);
                        assert.deepEqual(security.capabilities?.drop, ["ALL"], where);
                    }
                }
            });

            test("backing servers and helpers run as their non-root users; config renderers have read-only roots", () => {
                for (const workload of workloads(stack)) {
                    const component = podLabels(workload)["app.kubernetes.io/component"];
                    const pod = podSpec(workload).securityContext as k8s.types.output.core.v1.PodSecurityContext;
                    if (["mysql", "redis", "postgresql", "mongodb", "rabbitmq"].includes(component)) {
                        assert.equal(pod.runAsNonRoot, true, component);
                        assert.equal(pod.runAsUser, 999, component);
                        assert.equal(pod.fsGroup, 999, component);
                    }
                    if (["minio", "minio-make-bucket", "flower"].includes(component)) {
                        assert.equal(
                            pod.runAsNonRoot ?? (mainContainer(workload).securityContext as { runAsNonRoot?: boolean }).runAsNonRoot,
                            true,
                            component,
                        );
                    }
                    for (const init of (podSpec(workload).initContainers as Container[] | undefined) ?? []) {
                        const security = init.securityContext as k8s.types.output.core.v1.SecurityContext;
                        assert.equal(security.readOnlyRootFilesystem, true);
                        assert.equal(security.runAsNonRoot, true);
                    }
                }
            });

            test("no pod mounts a service-account token except the proxy that discovers read-only pods", () => {
                for (const workload of workloads(stack)) {
                    const spec = podSpec(workload) as PodSpec;
                    const needsApi = workload.metadata?.name === "milvus-proxy" && spec.serviceAccountName === "milvus-proxy";
                    assert.equal(spec.automountServiceAccountToken, needsApi, nameOf(workload));
                }
            });

            test("RBAC stays namespaced and read-only", () => {
                assert.deepEqual([...objectsOfKind(stack, "ClusterRole"), ...objectsOfKind(stack, "ClusterRoleBinding")], []);
                for (const role of objectsOfKind(stack, "Role")) {
                    for (const rule of role.rules as { resources: string[]; verbs: string[] }[]) {
                        assert.ok(!rule.resources.includes("secrets"));
                        assert.deepEqual(
                            rule.verbs.filter((v) => !["get", "list", "watch"].includes(v)),
                            [],
                        );
                    }
                }
            });

            test("every NetworkPolicy selects pods that exist, and every pod of the namespace is behind the default deny", () => {
                const policies = objectsOfKind(stack, "NetworkPolicy");
                if (policies.length === 0) {
                    return;
                }
                const pods = workloads(stack).filter((w) => w.metadata?.namespace === policies[0].metadata?.namespace);
                for (const policy of policies) {
                    const spec = policy.spec as NetworkPolicySpec;
                    const selected = pods.filter((w) => selects(spec.podSelector as LabelSelector, podLabels(w)));
                    assert.ok(selected.length > 0, `${policy.metadata?.name} selects no pods`);
                    assert.deepEqual(spec.policyTypes, ["Ingress"]);
                    for (const rule of (spec.ingress as k8s.types.output.networking.v1.NetworkPolicyIngressRule[]) ?? []) {
                        for (const peer of rule.from ?? []) {
                            if (peer.podSelector !== undefined && Object.keys(peer.podSelector).length > 0) {
                                const sources = pods.filter((w) => selects(peer.podSelector as LabelSelector, podLabels(w)));
                                assert.ok(sources.length > 0, `${policy.metadata?.name}: a peer selector matches no pod`);
                            }
                        }
                    }
                }
                const deny = policies.find((p) => p.metadata?.name === "milvus-default-deny-ingress")?.spec as NetworkPolicySpec;
                assert.deepEqual(deny, { podSelector: {}, policyTypes: ["Ingress"], ingress: [] });
            });
        });
    }

    const isolationCases = [
        {
            label: "prod NetworkPolicies (release 1.1)",
            scenario: "every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO",
            backing: [
                ["mysql", 3306],
                ["minio", 9000],
            ] as const,
            clients: ["wo-server", "ro-server", "proxy", "minio-make-bucket"],
            callers: ["proxy"],
        },
        {
            label: "seed line NetworkPolicies (release 0.4)",
            scenario: "seed line hardened: worker autoscaler, RabbitMQ, NetworkPolicies, protection",
            backing: [
                ["mysql", 3306],
                ["redis", 6379],
                ["rabbitmq", 5672],
            ] as const,
            clients: ["wo-server", "ro-server", "proxy", "celery-monitor", "celery-worker", "flower", "minio-make-bucket"],
            callers: ["celery-monitor", "celery-worker", "flower", "proxy"],
        },
    ];
    for (const { label, scenario, backing, clients, callers } of isolationCases) {
        describe(label, () => {
            let stack: RenderedStack;
            before(async () => {
                stack = await renderStack(scenarios[scenario]());
            });
            const policySelecting = (component: string): NetworkPolicySpec[] =>
                objectsOfKind(stack, "NetworkPolicy")
                    .map((p) => p.spec as NetworkPolicySpec)
                    .filter((spec) => Object.keys(spec.podSelector).length > 0)
                    .filter((spec) =>
                        selects(spec.podSelector as LabelSelector, {
                            "app.kubernetes.io/instance": "milvus",
                            "app.kubernetes.io/component": component,
                        }),
                    );

            test("backing services accept only the tiers that use them, on their own port", () => {
                for (const [component, port] of backing) {
                    const specs = policySelecting(component);
                    assert.equal(specs.length, 1, component);
                    const [rule] = specs[0].ingress as k8s.types.output.networking.v1.NetworkPolicyIngressRule[];
                    assert.deepEqual(rule.ports, [{ protocol: "TCP", port }]);
                    assert.equal(rule.from?.length, 1);
                    const peer = rule.from?.[0];
                    assert.equal(peer?.namespaceSelector, undefined);
                    assert.equal(peer?.ipBlock, undefined);
                    const expression = peer?.podSelector?.matchExpressions?.[0];
                    assert.deepEqual([...(expression?.values ?? [])].sort(), [...clients].sort());
                }
                // Flower and the Celery tier are not reachable through a backing-service policy.
                assert.equal(policySelecting("celery-worker").length, 0);
            });

            test("the proxy accepts clients from its namespace, the client namespaces and the client CIDRs only", () => {
                if (
                    scenario !== "every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO"
                ) {
                    return;
                }
                const [proxy] = policySelecting("proxy");
                const [rule] = proxy.ingress as k8s.types.output.networking.v1.NetworkPolicyIngressRule[];
                assert.deepEqual(rule.ports, [{ protocol: "TCP", port: 19530 }]);
                assert.deepEqual(rule.from, [
                    { podSelector: {} },
                    { namespaceSelector: { matchLabels: { "milvus-cluster/client": "true" } } },
                    { ipBlock: { cidr: "10.0.0.0/8" } },
                ]);
            });

            test("Milvus servers take client calls from the proxy (and the Celery tier where there is one), metrics from the monitoring namespaces", () => {
                const [servers] = policySelecting("ro-server");
                const [calls, metrics] = servers.ingress as k8s.types.output.networking.v1.NetworkPolicyIngressRule[];
                assert.deepEqual(calls.ports, [{ protocol: "TCP", port: 19530 }]);
                assert.deepEqual([...(calls.from?.[0].podSelector?.matchExpressions?.[0].values ?? [])].sort(), callers);
                // 1.1: the Pushgateway sidecar's port; 0.4: the server's own.
                assert.deepEqual(metrics.ports, [
                    {
                        protocol: "TCP",
                        port:
                            scenario ===
                            "every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO"
                                ? 9091
                                : 8080,
                    },
                ]);
                if (
                    scenario === "every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO"
                ) {
                    assert.deepEqual(metrics.from, [
                        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
                    ]);
                }
            });
        });
    }

    test("by default the proxy and Flower accept only this namespace's pods", async () => {
        const prod = await renderStack(scenarios["seed line hardened: worker autoscaler, RabbitMQ, NetworkPolicies, protection"]());
        for (const name of ["milvus-proxy-clients", "milvus-flower-clients"]) {
            const spec = findObject(prod, "NetworkPolicy", name).spec as NetworkPolicySpec;
            const [rule] = spec.ingress as k8s.types.output.networking.v1.NetworkPolicyIngressRule[];
            assert.deepEqual(rule.from, [{ podSelector: {} }], name);
        }
    });

    test("Flower stays namespace-only even when client namespaces and CIDRs are opened for the proxy", async () => {
        const stack = await renderStack(
            withOverrides(scenarios["seed line hardened: worker autoscaler, RabbitMQ, NetworkPolicies, protection"](), {
                networkPolicies: { clientCidrs: ["10.0.0.0/8"], clientNamespaceSelector: { "milvus-cluster/client": "true" } },
            }),
        );
        const spec = findObject(stack, "NetworkPolicy", "milvus-flower-clients").spec as NetworkPolicySpec;
        assert.deepEqual((spec.ingress as k8s.types.output.networking.v1.NetworkPolicyIngressRule[])[0].from, [{ podSelector: {} }]);
    });

    test("dev declares no NetworkPolicies; prod does", async () => {
        assert.deepEqual(objectsOfKind(await renderStack(loadStackFile("dev"), "dev"), "NetworkPolicy"), []);
        assert.ok(objectsOfKind(await renderStack(loadStackFile("prod"), "prod"), "NetworkPolicy").length >= 4);
    });

    test("security.appRunAsUser runs the Milvus, proxy and Celery images as that user", async () => {
        const stack = await renderStack(
            scenarios["every hardening knob on: autoscaler, priorities, NetworkPolicies with client CIDRs, non-root apps, MinIO"](),
        );
        const seed = await renderStack(scenarios["seed line hardened: worker autoscaler, RabbitMQ, NetworkPolicies, protection"]());
        for (const name of ["milvus-monitor", "milvus-workers"]) {
            const pod = podSpec(findObject(seed, "Deployment", name)).securityContext as k8s.types.output.core.v1.PodSecurityContext;
            assert.equal(pod.runAsUser, 10001, name);
        }
        for (const name of ["milvus-wo-servers", "milvus-proxy"]) {
            const pod = podSpec(findObject(stack, "Deployment", name)).securityContext as k8s.types.output.core.v1.PodSecurityContext;
            assert.equal(pod.runAsUser, 10001, name);
            assert.equal(pod.runAsNonRoot, true, name);
        }
        const readNodes = podSpec(findObject(stack, "StatefulSet", "milvus-ro-servers"))
            .securityContext as k8s.types.output.core.v1.PodSecurityContext;
        assert.equal(readNodes.runAsUser, 10001);
    });
});

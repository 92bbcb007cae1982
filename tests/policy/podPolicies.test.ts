import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { imagePinProblem } from "../../policy/lib/imageReference";
import { configMap, cronJob, daemonSet, deployment, job, pod, PodSpec, statefulSet, violationsOfPolicy } from "./fixtures";

const messages = async (policy: string, ...objects: Parameters<typeof violationsOfPolicy>[1]): Promise<string[]> =>
    (await violationsOfPolicy(policy, objects)).map((v) => `${v.resource} | ${v.message}`);

describe("pods-have-probes", () => {
    const policy = "pods-have-probes";

    test("Deployments, StatefulSets and DaemonSets whose containers have both probes pass", async () => {
        assert.deepEqual(await messages(policy, deployment(), statefulSet(), daemonSet()), []);
    });

    test("a container missing either probe is refused, per kind; init containers need none", async () => {
        const noReadiness = deployment({ name: "milvus-proxy", edit: (s) => void delete s.containers[0].readinessProbe });
        const noLiveness = statefulSet({ name: "milvus-ro-servers", edit: (s) => void delete s.containers[0].livenessProbe });
        const neither = daemonSet({
            name: "plugin",
            edit: (s) => {
                s.containers[0] = { ...s.containers[0], readinessProbe: undefined, livenessProbe: undefined };
            },
        });
        assert.deepEqual(await messages(policy, noReadiness, noLiveness, neither), [
            'milvus-proxy-deployment | Deployment milvus/milvus-proxy: container "app" has no readinessProbe',
            'milvus-ro-servers-statefulset | StatefulSet milvus/milvus-ro-servers: container "app" has no livenessProbe',
            'plugin-daemonset | DaemonSet milvus/plugin: container "app" has no readinessProbe and no livenessProbe',
        ]);
    });

    test("Jobs, CronJobs and bare Pods are not judged", async () => {
        const strip = (s: PodSpec): void => {
            s.containers[0] = { ...s.containers[0], readinessProbe: undefined, livenessProbe: undefined };
        };
        assert.deepEqual(await messages(policy, job({ edit: strip }), cronJob({ edit: strip }), pod({ edit: strip })), []);
    });
});

describe("restricted-security-context", () => {
    const policy = "restricted-security-context";

    test("RuntimeDefault on every container instead of the pod also passes", async () => {
        const perContainer = deployment({
            edit: (s) => {
                s.securityContext = {};
                for (const c of [...s.containers, ...(s.initContainers ?? [])]) {
                    c.securityContext = { ...c.securityContext, seccompProfile: { type: "RuntimeDefault" } };
                }
            },
        });
        assert.deepEqual(await messages(policy, perContainer), []);
    });

    test("no seccomp profile, escalation allowed, capabilities kept, privileged and host namespaces are each refused", async () => {
        const loose = job({
            name: "make-bucket",
            edit: (s) => {
                s.securityContext = undefined;
                s.hostNetwork = true;
                s.hostPID = true;
                s.initContainers = [
                    {
                        ...s.initContainers![0],
                        securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                    },
                ];
                s.containers[0].securityContext = { capabilities: { drop: ["NET_RAW"] } };
            },
        });
        const all = await messages(policy, loose);
        const prefix = "make-bucket-job | Job milvus/make-bucket: ";
        assert.deepEqual(all, [
            `${prefix}the pod sets hostNetwork: true`,
            `${prefix}the pod sets hostPID: true`,
            `${prefix}container "app" runs without a seccomp profile (set seccompProfile.type: RuntimeDefault on the pod)`,
            `${prefix}container "app" does not set securityContext.allowPrivilegeEscalation: false`,
            `${prefix}container "app" does not drop ALL capabilities (securityContext.capabilities.drop)`,
            `${prefix}init container "init" runs without a seccomp profile (set seccompProfile.type: RuntimeDefault on the pod)`,
            `${prefix}init container "init" is privileged`,
        ]);
    });

    test("a container that overrides the pod's RuntimeDefault with Unconfined is refused", async () => {
        const overriding = cronJob({
            edit: (s) => {
                s.containers[0].securityContext = { ...s.containers[0].securityContext, seccompProfile: { type: "Unconfined" } };
            },
        });
        assert.deepEqual(await messages(policy, overriding), [
            'nightly-cronjob | CronJob milvus/nightly: container "app" runs seccomp profile Unconfined, not RuntimeDefault',
        ]);
    });
});

describe("no-host-paths", () => {
    const policy = "no-host-paths";

    test("emptyDir, ConfigMap and claim volumes pass", async () => {
        const volumes = deployment({
            edit: (s) => {
                s.volumes = [
                    { name: "tmp", emptyDir: {} },
                    { name: "config", configMap: { name: "settings" } },
                    { name: "data", persistentVolumeClaim: { claimName: "milvus-data-disk" } },
                ];
            },
        });
        assert.deepEqual(await messages(policy, volumes), []);
    });

    test("a hostPath volume is refused, naming the volume and the path", async () => {
        const plugin = daemonSet({
            name: "nvidia-device-plugin-daemonset",
            namespace: "kube-system",
            edit: (s) => s.volumes!.push({ name: "device-plugin", hostPath: { path: "/var/lib/kubelet/device-plugins" } }),
        });
        assert.deepEqual(await messages(policy, plugin), [
            'nvidia-device-plugin-daemonset-daemonset | DaemonSet kube-system/nvidia-device-plugin-daemonset: volume "device-plugin" mounts the host path /var/lib/kubelet/device-plugins',
        ]);
    });
});

describe("no-default-token-automount", () => {
    const policy = "no-default-token-automount";

    test("automount off passes; so does a pod with its own ServiceAccount, token or not", async () => {
        const ownAccount = deployment({
            name: "milvus-proxy",
            edit: (s) => {
                s.serviceAccountName = "milvus-proxy";
                s.automountServiceAccountToken = true;
            },
        });
        assert.deepEqual(await messages(policy, deployment(), ownAccount), []);
    });

    test("a pod of the default account that leaves automount on, or unset, is refused", async () => {
        const unset = statefulSet({ name: "milvus-mysql", edit: (s) => void delete s.automountServiceAccountToken });
        const explicitDefault = pod({
            name: "debug",
            edit: (s) => {
                s.serviceAccountName = "default";
                s.automountServiceAccountToken = true;
            },
        });
        const found = await messages(policy, unset, explicitDefault);
        assert.deepEqual(
            found.map((m) => m.split(": the pod")[0]),
            ["milvus-mysql-statefulset | StatefulSet milvus/milvus-mysql", "debug-pod | Pod milvus/debug"],
        );
        assert.match(found[0], /default ServiceAccount without automountServiceAccountToken: false/);
    });
});

describe("pinned-images", () => {
    const policy = "pinned-images";
    const digest = `sha256:${"a".repeat(64)}`;

    test("which references are pinned", () => {
        assert.equal(imagePinProblem("milvusdb/milvus:0.4.0-cpu"), undefined);
        assert.equal(imagePinProblem("registry.example.com:5000/milvus/mishards:v0.0.4"), undefined);
        assert.equal(imagePinProblem(`busybox@${digest}`), undefined);
        assert.equal(imagePinProblem(`busybox:latest@${digest}`), undefined);
        assert.match(imagePinProblem("busybox:latest") ?? "", /is tagged latest/);
        assert.match(imagePinProblem("registry.example.com:5000/busybox") ?? "", /has no tag, so it means :latest/);
        assert.match(imagePinProblem("busybox@sha256:abc") ?? "", /digest that is not sha256:<64 hex digits>/);
        assert.match(imagePinProblem(undefined) ?? "", /names no image/);
    });

    test("tag- and digest-pinned containers pass", async () => {
        assert.deepEqual(await messages(policy, deployment({ edit: (s) => void (s.initContainers![0].image = `busybox@${digest}`) })), []);
    });

    test("a latest or missing tag, in a container or init container, is refused", async () => {
        const floating = deployment({
            name: "milvus-flower",
            edit: (s) => {
                s.containers[0].image = "mher/flower:latest";
                s.initContainers![0].image = "busybox";
            },
        });
        assert.deepEqual(await messages(policy, floating), [
            'milvus-flower-deployment | Deployment milvus/milvus-flower: container "app": image "mher/flower:latest" is tagged latest',
            'milvus-flower-deployment | Deployment milvus/milvus-flower: init container "init": image "busybox" has no tag, so it means :latest',
        ]);
    });
});

describe("resources-bounded", () => {
    const policy = "resources-bounded";

    test("requests and limits of cpu and memory on every container pass", async () => {
        assert.deepEqual(await messages(policy, deployment(), job()), []);
    });

    test("each missing quantity is named, in containers and init containers", async () => {
        const unbounded = statefulSet({
            name: "milvus-redis",
            edit: (s) => {
                s.containers[0].resources = { requests: { cpu: "100m", memory: "64Mi" }, limits: { "nvidia.com/gpu": "1" } };
                s.initContainers![0].resources = undefined;
            },
        });
        assert.deepEqual(await messages(policy, unbounded), [
            'milvus-redis-statefulset | StatefulSet milvus/milvus-redis: container "app" sets no limits.cpu, limits.memory',
            'milvus-redis-statefulset | StatefulSet milvus/milvus-redis: init container "init" sets no requests.cpu, requests.memory, limits.cpu, limits.memory',
        ]);
    });
});

describe("runs-as-non-root", () => {
    const policy = "runs-as-non-root";
    const seccompOnly = (s: PodSpec): void => void (s.securityContext = { seccompProfile: { type: "RuntimeDefault" } });
    /** Refused by the policy: a control that proves it ran, so that a test of what passes cannot pass vacuously. */
    const control = () => deployment({ name: "control", edit: seccompOnly });
    const resources = async (...objects: Parameters<typeof violationsOfPolicy>[1]): Promise<string[]> => [
        ...new Set((await violationsOfPolicy(policy, objects)).map((v) => v.resource)),
    ];

    test("runAsNonRoot or a non-zero runAsUser, on the pod or on every container, passes; a container may override a root pod", async () => {
        const podUserOnly = deployment({
            name: "pod-user",
            edit: (s) => void (s.securityContext = { seccompProfile: { type: "RuntimeDefault" }, runAsUser: 999 }),
        });
        const perContainer = statefulSet({
            name: "per-container",
            edit: (s) => {
                seccompOnly(s);
                s.containers[0].securityContext = { ...s.containers[0].securityContext, runAsNonRoot: true };
                s.initContainers![0].securityContext = { ...s.initContainers![0].securityContext, runAsUser: 1000 };
            },
        });
        const overridesRootPod = job({
            name: "overrides",
            edit: (s) => {
                s.securityContext = { seccompProfile: { type: "RuntimeDefault" }, runAsUser: 0 };
                for (const c of [...s.containers, ...(s.initContainers ?? [])]) {
                    c.securityContext = { ...c.securityContext, runAsUser: 65534 };
                }
            },
        });
        assert.deepEqual(
            await resources(
                deployment(),
                cronJob(),
                pod(),
                podUserOnly,
                perContainer,
                overridesRootPod,
                configMap("settings", {}),
                control(),
            ),
            ["control-deployment"],
        );
    });

    test("a container with neither setting, on itself or the pod, is refused, init containers included", async () => {
        assert.deepEqual(await messages(policy, control()), [
            'control-deployment | Deployment milvus/control: container "app" may run as root: set runAsNonRoot: true, or a non-zero runAsUser, on the pod or the container',
            'control-deployment | Deployment milvus/control: init container "init" may run as root: set runAsNonRoot: true, or a non-zero runAsUser, on the pod or the container',
        ]);
    });

    test("runAsUser 0, on the container or inherited from the pod, is refused even with runAsNonRoot: true", async () => {
        const rootContainer = statefulSet({
            name: "milvus-ro-servers",
            edit: (s) => void (s.containers[0].securityContext = { ...s.containers[0].securityContext, runAsUser: 0 }),
        });
        const rootPod = daemonSet({
            name: "nvidia-device-plugin",
            namespace: "kube-system",
            edit: (s) => void (s.securityContext = { ...s.securityContext, runAsUser: 0 }),
        });
        assert.deepEqual(await messages(policy, rootContainer, rootPod), [
            'milvus-ro-servers-statefulset | StatefulSet milvus/milvus-ro-servers: container "app" runs as root (runAsUser: 0)',
            'nvidia-device-plugin-daemonset | DaemonSet kube-system/nvidia-device-plugin: container "app" runs as root (runAsUser: 0)',
            'nvidia-device-plugin-daemonset | DaemonSet kube-system/nvidia-device-plugin: init container "init" runs as root (runAsUser: 0)',
        ]);
    });

    test("a container's runAsNonRoot: false overrides the pod's runAsNonRoot: true when no runAsUser is set", async () => {
        const optedOut = cronJob({
            name: "milvus-cleanup",
            edit: (s) => {
                s.securityContext = { seccompProfile: { type: "RuntimeDefault" }, runAsNonRoot: true };
                s.initContainers![0].securityContext = { ...s.initContainers![0].securityContext, runAsNonRoot: false };
            },
        });
        assert.deepEqual(await messages(policy, optedOut), [
            'milvus-cleanup-cronjob | CronJob milvus/milvus-cleanup: init container "init" may run as root: set runAsNonRoot: true, or a non-zero runAsUser, on the pod or the container',
        ]);
    });
});

describe("read-only-root-filesystem", () => {
    const policy = "read-only-root-filesystem";
    const writable = (s: PodSpec): void =>
        void (s.containers[0].securityContext = { ...s.containers[0].securityContext, readOnlyRootFilesystem: false });

    test("containers and init containers with readOnlyRootFilesystem: true pass, in every kind of workload", async () => {
        const control = deployment({ name: "control", edit: writable });
        const found = await messages(
            policy,
            deployment(),
            statefulSet(),
            daemonSet(),
            job(),
            cronJob(),
            pod(),
            configMap("settings", {}),
            control,
        );
        assert.deepEqual(
            found.map((m) => m.split(" | ")[0]),
            ["control-deployment"],
            "only the control, which proves the policy ran, is refused",
        );
    });

    test("false or unset, in a container or an init container, is refused, naming the container", async () => {
        const mysql = statefulSet({
            name: "milvus-mysql",
            edit: (s) => {
                writable(s);
                const { readOnlyRootFilesystem: _, ...rest } = s.initContainers![0].securityContext!;
                s.initContainers![0].securityContext = rest;
            },
        });
        const noContext = pod({ name: "debug", edit: (s) => void delete s.containers[0].securityContext });
        assert.deepEqual(await messages(policy, mysql, noContext), [
            'milvus-mysql-statefulset | StatefulSet milvus/milvus-mysql: container "app" does not set securityContext.readOnlyRootFilesystem: true',
            'milvus-mysql-statefulset | StatefulSet milvus/milvus-mysql: init container "init" does not set securityContext.readOnlyRootFilesystem: true',
            'debug-pod | Pod milvus/debug: container "app" does not set securityContext.readOnlyRootFilesystem: true',
        ]);
    });
});

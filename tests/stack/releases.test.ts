// What `milvus.release` changes in the declared pods: images, where config and data are mounted, how metrics
// reach Prometheus, where GPU servers may run. Image facts (milvus-io/milvus v1.1.1 and v0.10.6,
// docker/deploy/{cpu,gpu}/ubuntu18.04/Dockerfile): the server runs
// `/var/lib/milvus/bin/milvus_server -c /var/lib/milvus/conf/server_config.yaml` as root, and keeps its tables
// in `<storage.path>/db` (core/src/server/DBWrapper.cpp).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { RawConfig } from "../../components/config/configReader";
import { releaseProfiles } from "../../components/release/milvusReleases";
import { objectsOfKind, podSpec } from "../helpers/kubeQueries";
import { findObject, renderStack, RenderedStack } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

type Container = k8s.types.output.core.v1.Container;

const containers = (stack: RenderedStack, kind: string, name: string): Container[] =>
    podSpec(findObject(stack, kind, name)).containers as Container[];
const server = (stack: RenderedStack, name = "milvus-ro-servers"): Container =>
    containers(stack, name === "milvus-ro-servers" ? "StatefulSet" : "Deployment", name).find((c) => c.name === "milvus") as Container;
const mountsOf = (container: Container): Record<string, string> =>
    Object.fromEntries((container.volumeMounts ?? []).map((m) => [m.subPath ?? m.name, m.mountPath]));
const gpuFamilies = (stack: RenderedStack, kind: string, name: string): string[] | undefined =>
    podSpec(
        findObject(stack, kind, name),
    ).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchExpressions?.find(
        (e) => e.key === "nvidia.com/gpu.family",
    )?.values;

const dev = (overrides: RawConfig = {}): RawConfig => withOverrides(loadStackFile("dev"), overrides);

describe("releases 1.1 and 0.10: the public images, mounted where they read", () => {
    for (const release of ["1.1", "0.10"] as const) {
        test(`release ${release}: GPU image, config at /var/lib/milvus/conf/server_config.yaml, data volume at storage.path /var/lib/milvus/data`, async () => {
            const stack = await renderStack(dev({ milvus: { release } }));
            for (const name of ["milvus-ro-servers", "milvus-wo-servers"]) {
                const milvus = server(stack, name);
                assert.equal(milvus.image, releaseProfiles[release].images.milvusGpu);
                assert.match(String(milvus.image), /^milvusdb\/milvus:\d+\.\d+\.\d+-gpu-/);
                const mounts = mountsOf(milvus);
                assert.equal(mounts["config.yml"], "/var/lib/milvus/conf/server_config.yaml");
                assert.equal(mounts.data, "/var/lib/milvus/data");
                assert.equal(mounts.logs, "/var/lib/milvus/logs");
                assert.equal(mounts["log.conf"], undefined, "no log.conf that nothing reads");
                assert.equal(milvus.command, undefined, "the image's own command reads that path");
            }
            assert.equal(String(containers(stack, "Deployment", "milvus-proxy")[0].image), releaseProfiles[release].images.proxy);
        });
    }

    test("gpu.enabled: false runs the CPU image, asks for no GPU, and goes anywhere", async () => {
        const stack = await renderStack(dev({ gpu: { enabled: false } }));
        const milvus = server(stack);
        assert.equal(milvus.image, "milvusdb/milvus:1.1.1-cpu-d061621-330cc6");
        assert.equal((milvus.resources?.limits as Record<string, string>)["nvidia.com/gpu"], undefined);
        const spec = podSpec(findObject(stack, "StatefulSet", "milvus-ro-servers"));
        assert.equal(spec.nodeSelector, undefined);
        assert.equal(spec.affinity, undefined);
        assert.equal(spec.tolerations, undefined);
        assert.deepEqual(objectsOfKind(stack, "DaemonSet"), [], "no device plugin without GPUs");
    });

    test("the seed's line keeps its own paths and its log.conf", async () => {
        const stack = await renderStack(loadStackFile("seed"), "seed");
        const mounts = mountsOf(server(stack));
        assert.equal(mounts["config.yml"], "/opt/milvus/conf/server_config.yaml");
        assert.equal(mounts["log.conf"], "/opt/milvus/conf/log_config.conf");
        assert.equal(mounts.data, "/opt/milvus/db");
        assert.equal(server(stack).image, "registry.zilliz.com/milvus/engine:0.3.1");
    });
});

describe("metrics: Prometheus scrapes what holds them", () => {
    test("1.1: each server pushes to a Pushgateway in its own pod, which serves the `metrics` port the Services expose", async () => {
        const stack = await renderStack(dev({ metrics: { serviceMonitor: true } }));
        for (const [kind, name] of [
            ["StatefulSet", "milvus-ro-servers"],
            ["Deployment", "milvus-wo-servers"],
        ]) {
            const [milvus, pushgateway] = containers(stack, kind, name);
            assert.deepEqual(
                (milvus.ports ?? []).map((p) => p.name),
                ["milvus"],
                "the server serves no metrics itself",
            );
            assert.equal(pushgateway.name, "pushgateway");
            // prometheus/pushgateway v1.11.3: main.go:61 takes --web.listen-address (exporter-toolkit, default
            // :9091), main.go:115-116 serve /-/healthy and /-/ready, the Dockerfile runs USER 65534.
            assert.equal(pushgateway.image, "prom/pushgateway:v1.11.3");
            assert.deepEqual(pushgateway.args, ["--web.listen-address=:9091"]);
            assert.deepEqual(pushgateway.ports, [{ name: "metrics", containerPort: 9091 }]);
            assert.equal(pushgateway.readinessProbe?.httpGet?.path, "/-/ready");
            assert.equal(pushgateway.livenessProbe?.httpGet?.path, "/-/healthy");
            assert.equal(pushgateway.securityContext?.runAsNonRoot, true);
            assert.equal(pushgateway.securityContext?.runAsUser, 65534);
        }
        const service = findObject(stack, "Service", "milvus-ro-servers").spec as k8s.types.output.core.v1.ServiceSpec;
        assert.deepEqual(
            service.ports.map((p) => [p.name, p.port, p.targetPort]),
            [
                ["milvus", 19530, "milvus"],
                ["metrics", 9091, "metrics"],
            ],
        );
        const monitor = findObject(stack, "ServiceMonitor", "milvus-servers").spec as {
            endpoints: { port: string; honorLabels: boolean }[];
        };
        // Keep the job and instance labels the servers pushed (instance = <pod>:19530).
        assert.deepEqual(
            monitor.endpoints.map((e) => [e.port, e.honorLabels]),
            [["metrics", true]],
        );
    });

    test("metrics off: no Pushgateway, no metrics port", async () => {
        const stack = await renderStack(dev({ metrics: { enabled: false } }));
        assert.deepEqual(
            containers(stack, "StatefulSet", "milvus-ro-servers").map((c) => c.name),
            ["milvus"],
        );
        const service = findObject(stack, "Service", "milvus-ro-servers").spec as k8s.types.output.core.v1.ServiceSpec;
        assert.deepEqual(
            service.ports.map((p) => p.name),
            ["milvus"],
        );
    });

    test("the seed's line: the server serves its own metrics port; Prometheus scrapes it directly", async () => {
        const stack = await renderStack(loadStackFile("seed"), "seed");
        const [milvus, ...others] = containers(stack, "StatefulSet", "milvus-ro-servers");
        // Beside it only the Celery sidecar, which serves nothing.
        assert.deepEqual(
            others.map((c) => [c.name, c.ports]),
            [["celery-sidecar", undefined]],
        );
        assert.deepEqual(
            (milvus.ports ?? []).map((p) => [p.name, p.containerPort]),
            [
                ["milvus", 19530],
                ["metrics", 8080],
            ],
        );
    });
});

describe("GPUs: only the families the release's kernels run on", () => {
    test("1.1 and 0.10 servers go only to Pascal, Volta or Turing GPUs (GPU Feature Discovery's nvidia.com/gpu.family)", async () => {
        for (const release of ["1.1", "0.10"] as const) {
            const stack = await renderStack(dev({ milvus: { release } }));
            assert.deepEqual(gpuFamilies(stack, "StatefulSet", "milvus-ro-servers"), ["pascal", "volta", "turing"]);
            assert.deepEqual(gpuFamilies(stack, "Deployment", "milvus-wo-servers"), ["pascal", "volta", "turing"]);
        }
    });

    test("gpu.allowedFamilies changes the rule, and an empty list drops it", async () => {
        const custom = await renderStack(dev({ gpu: { allowedFamilies: ["turing"] } }));
        assert.deepEqual(gpuFamilies(custom, "StatefulSet", "milvus-ro-servers"), ["turing"]);
        const none = await renderStack(dev({ gpu: { allowedFamilies: [] } }));
        assert.equal(podSpec(findObject(none, "StatefulSet", "milvus-ro-servers")).affinity, undefined);
        assert.deepEqual(podSpec(findObject(none, "StatefulSet", "milvus-ro-servers")).nodeSelector, { "nvidia.com/gpu.present": "true" });
    });

    test("nothing but the GPU servers carries the GPU-family rule", async () => {
        const stack = await renderStack(loadStackFile("prod"), "prod");
        for (const kind of ["Deployment", "StatefulSet"]) {
            for (const workload of objectsOfKind(stack, kind)) {
                const name = String(workload.metadata?.name);
                const expected = ["milvus-ro-servers", "milvus-wo-servers"].includes(name) ? ["pascal", "volta", "turing"] : undefined;
                assert.deepEqual(gpuFamilies(stack, kind, name), expected, name);
            }
        }
    });
});

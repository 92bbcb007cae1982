// Integrity of every declared object: what refers to something finds it, and what runs is pinned and bounded.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { pinnedImage } from "../../components/config/validators";
import { allContainers, allObjects, podSpec, podTemplate, workloads } from "../helpers/kubeQueries";
import { KubeObject, RenderedStack, renderStack } from "../helpers/renderStack";
import { existingSecrets, scenarios } from "../helpers/scenarios";

type Container = k8s.types.output.core.v1.Container;
type EnvVar = k8s.types.output.core.v1.EnvVar;
type Volume = k8s.types.output.core.v1.Volume;

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const labelsMatch = (selector: Record<string, string>, labels: Record<string, string> | undefined): boolean =>
    Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const named = (objects: KubeObject[], kind: string, namespace: string | undefined): Set<string> =>
    new Set(objects.filter((o) => o.kind === kind && o.metadata?.namespace === namespace).map((o) => o.metadata?.name ?? ""));

for (const [scenario, config] of Object.entries(scenarios)) {
    describe(`integrity: ${scenario}`, () => {
        let stack: RenderedStack;
        let objects: KubeObject[];
        before(async () => {
            stack = await renderStack(config());
            objects = allObjects(stack);
        });

        test("every Kubernetes object goes through the stack's one explicit provider", () => {
            const providers = stack.resources.filter((r) => r.type === "pulumi:providers:kubernetes");
            assert.equal(providers.length, 1);
            for (const resource of stack.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"))) {
                assert.match(resource.provider ?? "", /::kubernetes::kubernetes-id$/, `${resource.type} ${resource.name}`);
            }
        });

        test("names are DNS-1123 and unique per kind and namespace", () => {
            const seen = new Set<string>();
            for (const object of objects) {
                const name = object.metadata?.name;
                if (object.kind === "Job" && name === undefined) {
                    continue; // auto-named by Pulumi from a DNS-1123 logical name
                }
                const rule = ["Service", "Namespace"].includes(object.kind) ? dns1123Label : dns1123Subdomain;
                assert.match(name ?? "", rule, `${object.kind} ${name}`);
                const key = `${object.kind}/${object.metadata?.namespace}/${name}`;
                assert.ok(!seen.has(key), `duplicate ${key}`);
                seen.add(key);
            }
        });

        test("workload selectors match their pod labels", () => {
            for (const workload of workloads(stack).filter((w) => w.kind !== "Job")) {
                const selector = (workload.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
                assert.ok(Object.keys(selector).length >= 2);
                assert.ok(labelsMatch(selector, podTemplate(workload).metadata?.labels as Record<string, string>), workload.metadata?.name);
            }
        });

        test("every Service selects pods whose containers expose its target ports, or points outside", () => {
            for (const service of objects.filter((o) => o.kind === "Service")) {
                const spec = service.spec as k8s.types.output.core.v1.ServiceSpec;
                const name = service.metadata?.name ?? "";
                if (spec.type === "ExternalName") {
                    assert.ok(spec.externalName, name);
                    continue;
                }
                if (spec.selector === undefined) {
                    const slices = objects.filter(
                        (o) => o.kind === "EndpointSlice" && o.metadata?.labels?.["kubernetes.io/service-name"] === name,
                    );
                    assert.equal(slices.length, 1, `selector-less Service ${name} needs its EndpointSlice`);
                    continue;
                }
                const selector = spec.selector as Record<string, string>;
                const backends = workloads(stack).filter(
                    (w) =>
                        w.metadata?.namespace === service.metadata?.namespace &&
                        labelsMatch(selector, podTemplate(w).metadata?.labels as Record<string, string>),
                );
                assert.equal(backends.length, 1, `Service ${name} selects ${backends.length} workloads`);
                const ports = (podSpec(backends[0]).containers as Container[]).flatMap(
                    (c) => (c.ports as k8s.types.output.core.v1.ContainerPort[] | undefined) ?? [],
                );
                for (const port of (spec.ports as k8s.types.output.core.v1.ServicePort[]) ?? []) {
                    const target = port.targetPort ?? port.port;
                    assert.ok(
                        ports.some((p) => p.name === target || p.containerPort === target),
                        `Service ${name} targets ${String(target)}, which no container exposes`,
                    );
                }
            }
        });

        test("every ConfigMap, Secret, claim, service account and mount a pod refers to exists", () => {
            for (const workload of workloads(stack)) {
                const ns = workload.metadata?.namespace;
                const where = `${workload.kind} ${workload.metadata?.name}`;
                const spec = podSpec(workload);
                const volumes = (spec.volumes as Volume[] | undefined) ?? [];
                const templates = (
                    (workload.spec as { volumeClaimTemplates?: { metadata: { name: string } }[] }).volumeClaimTemplates ?? []
                ).map((t) => t.metadata.name);
                for (const volume of volumes) {
                    if (volume.configMap !== undefined) {
                        assert.ok(
                            named(objects, "ConfigMap", ns).has(String(volume.configMap.name)),
                            `${where}: ConfigMap ${String(volume.configMap.name)}`,
                        );
                    }
                    if (volume.persistentVolumeClaim !== undefined) {
                        const claim = String(volume.persistentVolumeClaim.claimName);
                        assert.ok(named(objects, "PersistentVolumeClaim", ns).has(claim), `${where}: claim ${claim}`);
                    }
                }
                const volumeNames = new Set([...volumes.map((v) => String(v.name)), ...templates]);
                for (const container of allContainers(workload)) {
                    for (const mount of (container.volumeMounts as k8s.types.output.core.v1.VolumeMount[] | undefined) ?? []) {
                        assert.ok(volumeNames.has(String(mount.name)), `${where}: mount ${String(mount.name)}`);
                    }
                    for (const env of (container.env as EnvVar[] | undefined) ?? []) {
                        const ref = (env.valueFrom as k8s.types.output.core.v1.EnvVarSource | undefined)?.secretKeyRef as
                            { name: string; key: string } | undefined;
                        if (ref !== undefined && !existingSecrets.has(ref.name)) {
                            const secret = objects.find(
                                (o) => o.kind === "Secret" && o.metadata?.namespace === ns && o.metadata?.name === ref.name,
                            );
                            assert.ok(secret, `${where}: Secret ${ref.name}`);
                            assert.ok(
                                ref.key in (secret.stringData as Record<string, string>),
                                `${where}: Secret ${ref.name} key ${ref.key}`,
                            );
                        }
                    }
                }
                if (spec.serviceAccountName !== undefined) {
                    assert.ok(named(objects, "ServiceAccount", ns).has(String(spec.serviceAccountName)), where);
                }
                if (workload.kind === "StatefulSet") {
                    const serviceName = (workload.spec as { serviceName: string }).serviceName;
                    assert.ok(named(objects, "Service", ns).has(serviceName), `${where}: governing Service ${serviceName}`);
                }
                for (const secret of (spec.imagePullSecrets as { name: string }[] | undefined) ?? []) {
                    assert.ok(existingSecrets.has(secret.name), `${where}: pull secret ${secret.name}`);
                }
            }
            for (const binding of objects.filter((o) => o.kind === "RoleBinding")) {
                const ns = binding.metadata?.namespace;
                assert.ok(named(objects, "Role", ns).has((binding.roleRef as { name: string }).name));
                for (const subject of binding.subjects as { name: string }[]) {
                    assert.ok(named(objects, "ServiceAccount", ns).has(subject.name));
                }
            }
        });

        test("every $(VAR) in an env value or a mounted config file is filled from an env var of that container", () => {
            const refs = (text: string): string[] => [...text.matchAll(/\$\(([A-Z_][A-Z0-9_]*)\)/g)].map((m) => m[1]);
            for (const workload of workloads(stack)) {
                const spec = podSpec(workload);
                for (const container of allContainers(workload)) {
                    const env = (container.env as EnvVar[] | undefined) ?? [];
                    const names = env.map((e) => e.name);
                    assert.equal(
                        new Set(names).size,
                        names.length,
                        `${workload.metadata?.name}/${container.name}: an env var is declared twice`,
                    );
                    env.forEach((variable, index) => {
                        const earlier = new Set(env.slice(0, index).map((e) => e.name));
                        for (const ref of refs(String(variable.value ?? ""))) {
                            assert.ok(earlier.has(ref), `${workload.metadata?.name}/${container.name}: ${variable.name} uses $(${ref})`);
                        }
                    });
                }
                // The config renderer must have every credential the mounted templates ask for.
                const renderer = ((spec.initContainers as Container[] | undefined) ?? []).find((c) => c.name === "render-config");
                const templateVolume = ((spec.volumes as Volume[] | undefined) ?? []).find((v) => v.name === "config-template");
                if (templateVolume?.configMap === undefined) {
                    continue;
                }
                assert.ok(renderer, `${workload.metadata?.name} mounts templates but has no renderer`);
                const configMap = objects.find(
                    (o) =>
                        o.kind === "ConfigMap" &&
                        o.metadata?.name === templateVolume.configMap?.name &&
                        o.metadata?.namespace === workload.metadata?.namespace,
                );
                const provided = new Set(((renderer.env as EnvVar[] | undefined) ?? []).map((e) => e.name));
                for (const text of Object.values((configMap?.data as Record<string, string>) ?? {})) {
                    for (const ref of refs(text)) {
                        assert.ok(provided.has(ref), `${workload.metadata?.name}: config needs $(${ref})`);
                    }
                }
            }
        });

        test("every image is pinned and every container has CPU and memory requests and limits", () => {
            for (const workload of workloads(stack)) {
                for (const container of allContainers(workload)) {
                    const where = `${workload.metadata?.name}/${container.name}`;
                    assert.equal(pinnedImage(String(container.image)), undefined, `${where}: ${String(container.image)}`);
                    const resources = container.resources as { requests: Record<string, string>; limits: Record<string, string> };
                    for (const part of [resources.requests, resources.limits]) {
                        assert.ok(part.cpu && part.memory, where);
                    }
                }
            }
        });

        test("config changes roll exactly the pods that read them: checksum of the mounted ConfigMap", () => {
            for (const workload of workloads(stack)) {
                const template = podTemplate(workload);
                const templateVolume = ((podSpec(workload).volumes as Volume[] | undefined) ?? []).find(
                    (v) => v.name === "config-template",
                );
                const checksum = (template.metadata?.annotations as Record<string, string> | undefined)?.["checksum/config"];
                assert.equal(checksum !== undefined, templateVolume !== undefined, String(workload.metadata?.name));
                if (checksum !== undefined) {
                    assert.match(checksum, /^[0-9a-f]{64}$/);
                }
            }
        });
    });
}

// The e2e tier (`npm run test:e2e`): the real Pulumi engine deploys each stack (dev, prod: Milvus 1.1; seed: the
// 0.4 line with its Celery tier) onto a simulated Kubernetes cluster with GPU nodes, then proves idempotency,
// in-place routine edits, config rolls, Mishards' discovery access, GPU placement by family, a CPU-only
// cluster, a GPU over-ask failing with the scheduler's reason, destroy and re-deploy. See README.md
// ("End-to-end tier").
//
// Usage: node --import tsx e2e/run.ts [dev|prod|seed ...]      (all three by default)
// It runs a STAND-IN for the random provider (e2e/random-provider): the real one is not obtainable here.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Cluster, StartClusterOptions, startCluster } from "./cluster";
import { ClusterState, componentOf, objectPath } from "./runner/clusterState";
import { projectCopy } from "./runner/project";
import { killRunningCommands, PulumiCli, tail } from "./runner/pulumiCli";
import { e2eRollout, initStack, setConfig, stackCli, stackCommands, unsetConfig } from "./runner/stackSession";
import { killStrays } from "./runner/strays";
import { Timings } from "./runner/timings";
import { cpuOnlyProblems, discoveryProblems, gpuFamilyProblems } from "./runner/releaseChecks";
import { seedCeleryProblems } from "./runner/seedCeleryChecks";
import { repo, toolchain } from "./runner/toolchain";
import { namespaceRolloutProblems } from "./runner/rolloutStatus";
import { neverReadyRoll } from "./scenarios/neverReadyRoll";
import { runScale, scaleGpuNodes, scaleStack } from "./scenarios/scale";
import { mysqlFlavor, redisFlavor } from "../components/backing/backingServiceFlavors";
import { dataVolume } from "../components/backing/statefulServer";
import { configNamespace, parseClusterConfig } from "../components/config/parseClusterConfig";
import { ClusterConfig } from "../components/config/types";
import { devicePluginDaemonSetName } from "../components/gpu/nvidiaDevicePlugin";
import { componentLabels } from "../components/kube/labels";
import { writeNodeName } from "../components/milvus/writeNode";
import { dataClaimName, logClaimName } from "../components/milvus/sharedVolumes";
import { proxyServiceName } from "../components/proxy/proxyFlavor";
import { formulaSeconds } from "../components/config/rolloutTimeouts";
import { releaseProfiles } from "../components/release/milvusReleases";
import { readNodesName } from "../policy/lib/sharedNames";
import { loadStackFile } from "../tests/helpers/stackFiles";

const log = (line: string): void => {
    process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const fail = (message: string): never => {
    throw new Error(message);
};
const expectNone = (what: string, problems: string[]): void => {
    if (problems.length > 0) {
        fail(`${what}:\n  ${problems.join("\n  ")}`);
    }
};

/** The read-only StatefulSet's time-out at this many replicas (one pod a step). */
const readNodesTimeout = (replicas: number): number => formulaSeconds(e2eRollout, { replicas, podsPerStep: 1 });

interface PreviewStep {
    op: string;
    urn: string;
    type?: string;
}

/** The steps of `pulumi preview --json`. */
const previewSteps = (json: string): PreviewStep[] =>
    ((JSON.parse(json) as { steps?: { op: string; urn: string; newState?: { type?: string } }[] }).steps ?? []).map((s) => ({
        op: s.op,
        urn: s.urn,
        type: s.newState?.type ?? s.urn.split("::")[2],
    }));

const resourceName = (urn: string): string => urn.split("::").slice(-1)[0];

/** Kinds whose replacement or deletion loses data. */
const statefulTypes = [
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "kubernetes:core/v1:Secret",
    "kubernetes:core/v1:Namespace",
    "random:index/randomPassword:RandomPassword",
];

/** One stack on its simulated cluster: what every step works with, and the checks several steps repeat. */
interface StackRun {
    stack: string;
    cluster: Cluster;
    state: ClusterState;
    pulumi: PulumiCli;
    /** The Pulumi CLI's arguments for a preview, an up, a destroy of this stack. */
    commands: ReturnType<typeof stackCommands>;
    /** What the stack file deploys: its release's Celery tier (and Redis) or not, the GPU families it allows. */
    stackConfig: ClusterConfig;
    namespace: string;
    celeryTier: boolean;
    devicePlugin: { namespace: string; name: string };
    /** Read-only replicas after the routine edit. */
    readReplicas: number;
    config(key: string, value: string): Promise<void>;
    unsetConfig(key: string): Promise<void>;
    /** `pulumi up`, then, at once (no waiting), every roll must be complete: the provider awaited it. */
    up(): Promise<string>;
    /** Every Deployment and StatefulSet at its replica count, Ready (pods being replaced may take a moment to go). */
    waitReady(): Promise<void>;
    /** Every workload Ready, GPU pods on GPU nodes holding GPUs, the rest on CPU nodes, the plugin on every GPU node. */
    checkRunning(): Promise<string>;
    /** Mishards' account sees exactly the read-only pods; GPU servers hold GPUs of allowed families only. */
    checkDiscoveryAndFamilies(): Promise<string>;
}

function stackRun(stack: string, cluster: Cluster, workDir: string, binDir: string): StackRun {
    const state = new ClusterState(cluster.api);
    projectCopy(path.join(workDir, "project"), stack);
    const pulumi = stackCli(workDir, cluster, binDir, log);
    const stackConfig = parseClusterConfig(loadStackFile(stack));
    const namespace = stackConfig.namespace;
    const allowedFamilies = stackConfig.gpu.allowedFamilies;
    const devicePlugin = { namespace: stackConfig.gpu.devicePlugin.namespace, name: devicePluginDaemonSetName };
    const commands = stackCommands(stack);
    const run: StackRun = {
        stack,
        cluster,
        state,
        pulumi,
        commands,
        stackConfig,
        namespace,
        celeryTier: releaseProfiles[stackConfig.release].celeryTier,
        devicePlugin,
        readReplicas: stack === "prod" ? 5 : 3,
        config: (key, value) => setConfig(pulumi, stack, key, value),
        unsetConfig: (key) => unsetConfig(pulumi, stack, key),
        up: async () => {
            const output = (await pulumi.run(commands.up)).stdout;
            expectNone("rolls unfinished when up returned", await namespaceRolloutProblems(cluster.api, namespace));
            return output;
        },
        waitReady: async () => {
            let unready = await state.unreadyWorkloads(namespace);
            for (let waited = 0; unready.length > 0 && waited < 30; waited += 1) {
                await new Promise((resolve) => setTimeout(resolve, 1000));
                unready = await state.unreadyWorkloads(namespace);
            }
            expectNone("workloads not at their replica count 30 s after up", unready);
        },
        checkRunning: async () => {
            await run.waitReady();
            expectNone("device plugin", await state.devicePluginProblems(devicePlugin.namespace, devicePlugin.name));
            const placement = await state.placementProblems(namespace);
            expectNone("pod placement", placement.problems);
            if (placement.gpuPods === 0) {
                fail("no Milvus server pod holds a GPU");
            }
            return `${placement.gpuPods} GPU pods on GPU nodes, ${placement.cpuPods} pods on CPU nodes`;
        },
        checkDiscoveryAndFamilies: async () => {
            const discovery = await discoveryProblems(cluster.api, namespace);
            expectNone("Mishards' Kubernetes discovery, asked as its ServiceAccount", discovery.problems);
            const families = await gpuFamilyProblems(
                cluster.api,
                namespace,
                allowedFamilies.length > 0 ? allowedFamilies : ["turing", "volta", "pascal", "ampere"],
            );
            expectNone(`GPU servers outside the allowed families (${allowedFamilies.join(", ") || "any"})`, families.problems);
            return `discovery sees ${discovery.seen.length} read-only pods; GPU pods by family: ${JSON.stringify(families.byFamily)}`;
        },
    };
    return run;
}

async function previewWithPolicyPack(run: StackRun): Promise<void> {
    // The v3.68 language host cannot start a pack from its folder; the engine runs an executable instead.
    const args = [...run.commands.preview, "--policy-pack", path.join(repo, "policy", "run-pack.sh")];
    if (run.stack === "prod") {
        args.push("--policy-pack-config", path.join(repo, "policy", "prod.json"));
    }
    const output = (await run.pulumi.run(args)).stdout;
    if (!/milvus-cluster@v?0\.1\.0|Policies:/.test(output)) {
        fail(`the preview does not mention the policy pack:\n${tail(output, 20)}`);
    }
}

/** Every Kubernetes object in the stack's state exists in the API server, the seed's Services among them. */
async function checkDeclaredObjects(run: StackRun): Promise<void> {
    const { pulumi, stack, state, namespace } = run;
    const exported = JSON.parse((await pulumi.run(["stack", "export", "--stack", stack], { quiet: true })).stdout) as {
        deployment: {
            resources?: {
                type: string;
                outputs?: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
            }[];
        };
    };
    const declared = (exported.deployment.resources ?? []).filter((r) => r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:"));
    const missing: string[] = [];
    for (const resource of declared) {
        const o = resource.outputs ?? {};
        if (o.apiVersion === undefined || o.kind === undefined || o.metadata?.name === undefined) {
            missing.push(`${resource.type}: no apiVersion/kind/name in state`);
        } else if (!(await state.exists(objectPath(o.apiVersion, o.kind, o.metadata.namespace, o.metadata.name)))) {
            missing.push(`${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`);
        }
    }
    expectNone("declared objects missing from the API server", missing);
    const services = [
        mysqlFlavor.serviceName,
        writeNodeName,
        readNodesName,
        proxyServiceName,
        ...(run.celeryTier ? [redisFlavor.serviceName] : []),
    ];
    for (const name of services) {
        if (!(await state.exists(`/api/v1/namespaces/${namespace}/services/${name}`))) {
            fail(`Service ${name} is missing`);
        }
    }
    const endpoint = (await pulumi.run(["stack", "output", "proxyEndpoint", "--stack", stack], { quiet: true })).stdout.trim();
    const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local:(\d+)$/.exec(endpoint) ?? fail(`proxyEndpoint ${endpoint}`);
    const service = await run.cluster.api.find<{ spec: { ports: { port: number }[] } }>(
        `/api/v1/namespaces/${match[2]}/services/${match[1]}`,
    );
    if (service === undefined || !service.spec.ports.some((p) => p.port === Number(match[3]))) {
        fail(`proxyEndpoint ${endpoint} names no Service with that port`);
    }
    log(`   ${declared.length} Kubernetes objects in state, all in the API server; proxyEndpoint ${endpoint}`);
}

/** The seed's Celery tier: a sidecar in every read-only pod; monitor, workers, Flower and the Thrift proxy Ready. */
async function checkCeleryTier(run: StackRun, readReplicas: number, what: string): Promise<void> {
    const celery = await seedCeleryProblems(run.cluster.api, run.namespace, readReplicas);
    expectNone(what, celery.problems);
    log(`   ${celery.summary}`);
}

/** More read-only nodes (and workers), a bigger proxy: in-place updates only, then applied and checked. */
async function routineEdit(run: StackRun): Promise<void> {
    const { stack, pulumi, readReplicas: replicas } = run;
    await run.config("readNodes.replicas", String(replicas));
    if (run.celeryTier) {
        await run.config("workers.replicas", stack === "prod" ? "5" : "2");
    }
    await run.config("proxy.resources.limits.cpu", "3");
    await run.config("proxy.resources.limits.memory", "3Gi");
    const steps = previewSteps((await pulumi.run(["preview", "--json", "--stack", stack])).stdout);
    const changed = steps.filter((s) => s.op !== "same");
    const destructive = changed.filter((s) =>
        ["replace", "create-replacement", "delete-replaced", "delete", "delete-before-replace"].includes(s.op),
    );
    expectNone(
        "routine edit would replace or delete",
        destructive.map((s) => `${s.op} ${s.type} ${resourceName(s.urn)}`),
    );
    const stateful = changed.filter((s) => statefulTypes.includes(s.type ?? "") && s.op !== "update");
    expectNone(
        "routine edit touches stateful resources other than in place",
        stateful.map((s) => `${s.op} ${resourceName(s.urn)}`),
    );
    log(`   preview: ${changed.map((s) => `${s.op} ${resourceName(s.urn)}`).join(", ")}`);
    await run.up();
    const readPods = (await run.state.pods(run.namespace)).filter((p) => componentOf(p) === componentLabels.readNodes);
    if (readPods.length !== replicas) {
        fail(`expected ${replicas} read-only pods, found ${readPods.length}`);
    }
    log(`   ${await run.checkRunning()}`);
    if (!run.celeryTier) {
        log(`   ${await run.checkDiscoveryAndFamilies()}`);
    } else {
        await checkCeleryTier(run, replicas, "the seed's Celery tier after scaling the read-only nodes");
    }
}

/** A server setting changes both server ConfigMaps in place and rolls exactly the write-only and read-only pods. */
async function configMapEdit(run: StackRun): Promise<void> {
    const { state, namespace } = run;
    const before = await state.podUidsByComponent(namespace);
    await run.config("milvus.cpuCacheCapacityGb", "6");
    const steps = previewSteps((await run.pulumi.run(["preview", "--json", "--stack", run.stack])).stdout).filter((s) => s.op !== "same");
    const configMaps = steps.filter((s) => s.type === "kubernetes:core/v1:ConfigMap");
    if (configMaps.length !== 2 || configMaps.some((s) => s.op !== "update")) {
        fail(`expected two in-place ConfigMap updates, got ${configMaps.map((s) => `${s.op} ${resourceName(s.urn)}`).join(", ")}`);
    }
    await run.up();
    const after = await state.podUidsByComponent(namespace);
    const rolled = Object.keys(after)
        .filter((c) => JSON.stringify(after[c]) !== JSON.stringify(before[c]))
        .sort();
    if (JSON.stringify(rolled) !== JSON.stringify([componentLabels.readNodes, componentLabels.writeNode].sort())) {
        fail(`expected exactly the write-only and read-only pods to roll, rolled: ${rolled.join(", ") || "none"}`);
    }
    // Every pod of a rolled tier is new when up returns, not just the first.
    for (const component of rolled) {
        const kept = after[component].filter((uid) => (before[component] ?? []).includes(uid));
        expectNone(`${component} pods not replaced when up returned`, kept);
    }
    log(
        `   rolled: ${rolled.join(", ")}; untouched: ${Object.keys(after)
            .filter((c) => !rolled.includes(c))
            .join(", ")}`,
    );
}

async function storageClassRefused(run: StackRun): Promise<void> {
    const { pulumi, commands } = run;
    const key = "volumes.logs.storageClass";
    await run.config(key, "another-class");
    const result = await pulumi.run(commands.preview, { expectFailure: true });
    const output = result.stdout + result.stderr;
    if (!output.includes(`${configNamespace}:${key}`) || !output.includes("refused")) {
        fail(`the refusal does not name the key:\n${tail(output, 20)}`);
    }
    await run.unsetConfig(key);
    await pulumi.run(commands.previewNoChanges);
}

/** More GPUs per server than a node has: up fails with the scheduler's reason within the time-out; undo recovers. */
async function gpuOverAsk(run: StackRun): Promise<void> {
    const timeout = readNodesTimeout(run.readReplicas);
    await run.config("gpu.perServer", "3");
    const started = Date.now();
    const result = await run.pulumi.run(run.commands.up, { expectFailure: true });
    const seconds = (Date.now() - started) / 1000;
    const output = result.stdout + result.stderr;
    const fromProvider = output.split("\n").filter((l) => l.includes("Insufficient nvidia.com/gpu"));
    const fromCluster = (await run.state.schedulingFailures(run.namespace)).filter((l) => l.includes("Insufficient nvidia.com/gpu"));
    if (fromProvider.length === 0 && fromCluster.length === 0) {
        fail(`no "Insufficient nvidia.com/gpu" in pulumi's output or the pods' scheduling status:\n${tail(output, 30)}`);
    }
    if (seconds > timeout + 60) {
        fail(`up took ${seconds.toFixed(0)}s to fail; the read-only nodes' rollout timeout is ${timeout}s`);
    }
    log(
        `   failed after ${seconds.toFixed(0)}s; ${fromProvider.length > 0 ? "pulumi said" : "the pods say"}: ${(fromProvider[0] ?? fromCluster[0]).trim()}`,
    );
    await run.config("gpu.perServer", "1");
    await run.up();
    log(`   recovered: ${await run.checkRunning()}`);
}

const devicePluginPath = (run: StackRun): string =>
    `/apis/apps/v1/namespaces/${run.devicePlugin.namespace}/daemonsets/${run.devicePlugin.name}`;

/** gpu.enabled false: a CPU-only cluster on the CPU image, no GPU asked for, no device plugin; and back. */
async function cpuOnlyAndBack(run: StackRun): Promise<void> {
    await run.config("gpu.enabled", "false");
    await run.up();
    // `up` returned after the whole read-only roll (the provider's await, checked by up()): no waiting.
    expectNone("CPU-only cluster when up returned", await cpuOnlyProblems(run.cluster.api, run.namespace));
    await run.waitReady();
    if (await run.state.exists(devicePluginPath(run))) {
        fail("the device plugin still runs in a CPU-only cluster");
    }
    log("   no pod holds a GPU; the servers run the CPU build; no device plugin");
    await run.unsetConfig("gpu.enabled");
    await run.up();
    log(`   back on GPUs: ${await run.checkRunning()}`);
}

/** The namespaced collections a destroy must empty (but for what Kubernetes keeps in every namespace). */
const destroyedCollections: readonly (readonly [string, string])[] = [
    ["apis/apps/v1", "deployments"],
    ["apis/apps/v1", "statefulsets"],
    ["apis/batch/v1", "jobs"],
    ["api/v1", "services"],
    ["api/v1", "secrets"],
    ["api/v1", "configmaps"],
    ["api/v1", "serviceaccounts"],
    ["apis/rbac.authorization.k8s.io/v1", "roles"],
    ["apis/rbac.authorization.k8s.io/v1", "rolebindings"],
    ["apis/networking.k8s.io/v1", "networkpolicies"],
    ["apis/policy/v1", "poddisruptionbudgets"],
    ["apis/autoscaling/v2", "horizontalpodautoscalers"],
];

/** destroy removes everything but, where the stack retains its data, the namespace and its claims. */
async function destroyKeepsRetained(run: StackRun): Promise<void> {
    const { stack, state, namespace, stackConfig } = run;
    if (stackConfig.protection.protect) {
        // prod protects its data: lifting the protection is a deliberate, reviewed config change.
        await run.config("protection.protect", "false");
        await run.up();
    }
    await run.pulumi.run(run.commands.destroy);
    if (await state.exists(devicePluginPath(run))) {
        fail("the device plugin DaemonSet survived destroy");
    }
    const namespaceLeft = await state.exists(`/api/v1/namespaces/${namespace}`);
    if (!stackConfig.protection.retainOnDelete) {
        if (namespaceLeft) {
            fail(`${stack} keeps nothing, but namespace ${namespace} is still there`);
        }
        log(`   namespace ${namespace} and everything in it is gone`);
        return;
    }
    const leftovers: string[] = [];
    // Everything but what Kubernetes itself keeps in every namespace.
    const builtIn = new Set(["configmaps/kube-root-ca.crt", "serviceaccounts/default"]);
    for (const [group, resource] of destroyedCollections) {
        for (const name of await state.names(group, resource, namespace)) {
            if (!builtIn.has(`${resource}/${name}`)) {
                leftovers.push(`${resource}/${name}`);
            }
        }
    }
    expectNone("prod destroy left more than its claims", leftovers);
    const claims = await state.names("api/v1", "persistentvolumeclaims", namespace);
    const serverClaim = (serviceName: string): string => `${dataVolume}-${serviceName}-0`;
    const retained = [
        logClaimName,
        dataClaimName,
        serverClaim(mysqlFlavor.serviceName),
        ...(run.celeryTier ? [serverClaim(redisFlavor.serviceName)] : []),
    ];
    for (const claim of retained) {
        if (!claims.includes(claim)) {
            fail(`prod retains its claims, but ${claim} is gone (left: ${claims.join(", ")})`);
        }
    }
    log(`   retained: namespace ${namespace} with claims ${claims.join(", ")}`);
}

/** The stack's whole life on one cluster: the steps below, in this order, each timed. */
async function runStack(stack: string, cluster: Cluster, workDir: string, binDir: string, timings: Timings): Promise<void> {
    const run = stackRun(stack, cluster, workDir, binDir);
    const { pulumi, commands } = run;
    const step = <T>(name: string, body: () => Promise<T>): Promise<T> => timings.step(stack, name, body);
    const timeout = readNodesTimeout(run.readReplicas);

    await step("stack init + config", () => initStack(pulumi, stack, workDir, cluster));
    await step("preview", async () => {
        await pulumi.run(commands.preview);
    });
    await step("preview with the policy pack", () => previewWithPolicyPack(run));
    await step("up", async () => {
        await run.up();
        log(`   ${await run.checkRunning()}`);
    });
    await step("every declared object exists; proxyEndpoint names the proxy Service", () => checkDeclaredObjects(run));
    if (!run.celeryTier) {
        await step("Mishards discovery sees exactly the read-only pods; GPU servers on allowed families only", async () => {
            log(`   ${await run.checkDiscoveryAndFamilies()}`);
        });
    } else {
        await step("Celery tier: a sidecar in every read-only pod; monitor, workers, Flower, Thrift proxy Ready", () =>
            checkCeleryTier(run, run.stackConfig.readNodes.replicas, "the seed's Celery tier"),
        );
    }
    await step("preview --expect-no-changes", async () => {
        await pulumi.run(commands.previewNoChanges);
    });
    await step("routine edit previews as in-place updates, then applies", () => routineEdit(run));
    await step("ConfigMap edit updates in place and rolls exactly its readers", () => configMapEdit(run));
    await step("a storage-class change is refused before anything is touched", () => storageClassRefused(run));
    await step(`more GPUs than a node has: up fails within the ${timeout}s rollout timeout`, () => gpuOverAsk(run));
    await step(`read-only pods that never become Ready: up fails within ${timeout}s naming the pod; undo recovers`, () =>
        neverReadyRoll({ stack, namespace: run.namespace, api: cluster.api, pulumi, readNodesTimeoutSeconds: timeout, up: run.up, log }),
    );
    if (stack === "dev") {
        await step("gpu.enabled false: a CPU-only cluster on the CPU image, no GPU asked for; and back", () => cpuOnlyAndBack(run));
    }
    await step("destroy removes everything but what is retained", () => destroyKeepsRetained(run));
    await step("a second up on the emptied namespace works", async () => {
        await cluster.recyclePersistentVolumes();
        await run.up();
        log(`   ${await run.checkRunning()}`);
    });
    await step("final destroy", async () => {
        await pulumi.run(commands.destroy);
        await pulumi.run(["stack", "rm", "--yes", "--stack", stack], { quiet: true });
    });
}

async function main(): Promise<number> {
    // `scale` (or MILVUS_E2E_SCALE=1) adds the opt-in scale scenario, on a cluster of its own, after the stacks.
    const args = process.argv.slice(2);
    const scale = args.includes(scaleStack) || process.env.MILVUS_E2E_SCALE === "1";
    const named = args.filter((a) => a !== scaleStack);
    const stacks = named.length > 0 ? named : args.length > 0 ? [] : ["dev", "prod", "seed"];
    for (const stack of stacks) {
        if (!fs.existsSync(path.join(repo, `Pulumi.${stack}.yaml`))) {
            fail(`no Pulumi.${stack}.yaml`);
        }
    }
    log("This tier runs a STAND-IN for pulumi-resource-random (e2e/random-provider): the real provider is not");
    log("obtainable here. What stays unproven: the real random provider's own behaviour (see README).");
    const timings = new Timings(log);
    const binDir = await timings.step("-", "toolchain (build or find)", toolchain);
    // Which kubernetes provider this run proves: its cache directory names it (e.g. 4.26.0-equivalent-f47bc2d-pr4094).
    log(`kubernetes provider: ${path.basename(path.dirname(fs.realpathSync(path.join(binDir, "pulumi-resource-kubernetes"))))}`);
    // One fixed place, emptied at the start of each run: nothing piles up, and leftovers of an interrupted
    // run are found and stopped (the cluster's own processes through its pidfile, by startCluster).
    const root = path.join(os.tmpdir(), "milvus-cluster-e2e");
    killStrays(root, log);
    for (const stack of [...stacks, scaleStack]) {
        for (const dir of ["project", "state", "pulumi-home", "logs"]) {
            fs.rmSync(path.join(root, stack, dir), { recursive: true, force: true });
        }
    }
    log(`work directory: ${root}`);
    let failed: unknown;
    /** Runs `body` on a fresh simulated cluster of its own; stops it (and any command) whatever happens. */
    const onCluster = async (
        name: string,
        nodes: Pick<StartClusterOptions, "gpuNodes">,
        body: (cluster: Cluster, workDir: string) => Promise<void>,
    ): Promise<void> => {
        const workDir = path.join(root, name);
        let cluster: Cluster | undefined;
        try {
            cluster = await timings.step(name, "start simulated cluster", () =>
                startCluster({ workDir: path.join(workDir, "cluster"), binDir, ...nodes, log: (l) => log(`   ${l}`) }),
            );
            await body(cluster, workDir);
        } catch (error) {
            failed = error;
            log(`FAILED: ${(error as Error).message}`);
        } finally {
            killRunningCommands();
            await cluster?.stop();
        }
    };
    for (const stack of stacks) {
        await onCluster(stack, {}, (cluster, workDir) => runStack(stack, cluster, workDir, binDir, timings));
        if (failed !== undefined) {
            break;
        }
    }
    if (scale && failed === undefined) {
        await onCluster(scaleStack, { gpuNodes: scaleGpuNodes }, (cluster, workDir) => runScale(cluster, workDir, binDir, timings, log));
    }
    process.stderr.write(`\n${timings.table()}\n`);
    const ran = [...stacks, ...(scale ? [scaleStack] : [])].join(", ");
    log(failed === undefined ? `e2e passed (${ran}); logs in ${root}` : `e2e FAILED; logs in ${root}`);
    return failed === undefined ? 0 : 1;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => killRunningCommands());
}
main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        killRunningCommands();
        log(`e2e FAILED: ${(error as Error).stack ?? String(error)}`);
        process.exit(1);
    },
);

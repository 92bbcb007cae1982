import * as path from "node:path";
import { parseClusterConfig } from "../../components/config/parseClusterConfig";
import { formulaSeconds } from "../../components/config/rolloutTimeouts";
import { componentLabels, labelSelectorString } from "../../components/kube/labels";
import { componentLabel } from "../../policy/lib/sharedNames";
import { Cluster, GpuNodeGroupSpec, KubeList } from "../cluster";
import { isReady, Pod } from "../runner/clusterState";
import { namespaceRolloutProblems } from "../runner/rolloutStatus";
import { projectCopy } from "../runner/project";
import { e2eRollout, initStack, setConfig, stackCli, stackCommands } from "../runner/stackSession";
import { Timings } from "../runner/timings";
import { loadStackFile } from "../../tests/helpers/stackFiles";

/**
 * The opt-in scale scenario (`npm run test:e2e -- scale`, or MILVUS_E2E_SCALE=1 beside the stacks): the dev
 * stack file on a cluster with room for 51 GPU servers, read-only nodes 4 → 50, then a ConfigMap roll at 50,
 * with the whole roll and the time per pod in the step timings.
 */
export const scaleStack = "scale";
/** The Pulumi stack it runs: dev's stack file, in a backend and on a cluster of its own. */
const stack = "dev";

/**
 * GPU nodes with room for 50 read-only nodes and the write-only node (1 GPU each), all of families the 1.1
 * GPU image runs on (the default pool's Ampere node would take none of them).
 */
export const scaleGpuNodes: Partial<GpuNodeGroupSpec> = {
    count: 5,
    gpus: 12,
    cpu: "128",
    memory: "1Ti",
    pods: 110,
    families: ["turing", "volta", "pascal"],
};

const rollout = e2eRollout;
const roSelector = encodeURIComponent(labelSelectorString({ [componentLabel]: componentLabels.readNodes }));

/** Seconds between consecutive pod creations of a roll: (last − first) / (pods − 1); creation times are whole seconds. */
export function secondsPerPod(creationTimestamps: string[]): number {
    const times = creationTimestamps.map((t) => Date.parse(t)).sort((a, b) => a - b);
    return times.length < 2 ? 0 : (times[times.length - 1] - times[0]) / 1000 / (times.length - 1);
}

export async function runScale(
    cluster: Cluster,
    workDir: string,
    binDir: string,
    timings: Timings,
    log: (line: string) => void,
): Promise<void> {
    const namespace = parseClusterConfig(loadStackFile(stack)).namespace;
    projectCopy(path.join(workDir, "project"), stack);
    const pulumi = stackCli(workDir, cluster, binDir, log);
    const commands = stackCommands(stack);
    const step = <T>(name: string, body: () => Promise<T>): Promise<T> => timings.step(scaleStack, name, body);
    const config = (key: string, value: string): Promise<void> => setConfig(pulumi, stack, key, value);
    const readPods = async (): Promise<Pod[]> =>
        (await cluster.api.get<KubeList<Pod>>(`/api/v1/namespaces/${namespace}/pods?labelSelector=${roSelector}`)).items.filter(
            (p) => p.metadata.deletionTimestamp === undefined,
        );
    const up = async (readReplicas: number): Promise<void> => {
        await pulumi.run(commands.up);
        const unfinished = await namespaceRolloutProblems(cluster.api, namespace);
        const ready = (await readPods()).filter(isReady);
        if (unfinished.length > 0 || ready.length !== readReplicas) {
            throw new Error(`when up returned: ${ready.length}/${readReplicas} read-only pods Ready; ${unfinished.join("; ")}`);
        }
    };

    await step("stack init + up with 4 read-only nodes", async () => {
        await initStack(pulumi, stack, workDir, cluster);
        await config("readNodes.replicas", "4");
        await up(4);
    });

    await step("read-only nodes 4 → 50", async () => {
        await config("readNodes.replicas", "50");
        await up(50);
    });

    const timeout = formulaSeconds(rollout, { replicas: 50, podsPerStep: 1 });
    await step(`ConfigMap roll at 50 read-only nodes (time-out ${timeout}s)`, async () => {
        const before = new Set((await readPods()).map((p) => p.metadata.uid));
        await config("milvus.cpuCacheCapacityGb", "6");
        const started = Date.now();
        await up(50);
        const after = await readPods();
        const kept = after.filter((p) => before.has(p.metadata.uid));
        if (kept.length > 0) {
            throw new Error(`${kept.length} read-only pods not replaced when up returned`);
        }
        const perPod = secondsPerPod(after.map((p) => p.metadata.creationTimestamp ?? ""));
        const whole = (Date.now() - started) / 1000;
        timings.figure(scaleStack, "  per read-only pod (pod creation times)", perPod);
        timings.figure(scaleStack, "  per read-only pod (that up / 50)", whole / 50);
        log(
            `   50 read-only pods rolled in ${whole.toFixed(0)}s (${perPod.toFixed(1)}s a pod); at that pace 100 take ` +
                `${(perPod * 100).toFixed(0)}s, and the formula gives them ${formulaSeconds(rollout, { replicas: 100, podsPerStep: 1 })}s here`,
        );
    });

    await step("destroy", async () => {
        await pulumi.run(commands.destroy);
        await pulumi.run(["stack", "rm", "--yes", "--stack", stack], { quiet: true });
    });
}

import { readNodesName } from "../../policy/lib/sharedNames";
import { KubeApi, neverReadyAnnotation } from "../cluster";
import { ClusterState } from "../runner/clusterState";
import { PulumiCli, tail } from "../runner/pulumiCli";
import { WorkloadWithStatus } from "../runner/rolloutStatus";
import { stackCommands, unsetConfig } from "../runner/stackSession";

/** What the scenario needs of the stack under test. */
export interface NeverReadyRollContext {
    stack: string;
    namespace: string;
    api: KubeApi;
    pulumi: PulumiCli;
    /** The read-only StatefulSet's rollout time-out in seconds (as the program computes it for this stack). */
    readNodesTimeoutSeconds: number;
    /** `pulumi up` that must succeed, followed by the tier's roll-complete check. */
    up: () => Promise<string>;
    log: (line: string) => void;
}

const readPodName = new RegExp(`${readNodesName}-\\d+`, "g");

/**
 * A change whose new read-only pods never become Ready (`readNodes.podAnnotations` marks them for kwok's
 * `pod-never-ready` stage, as a config the server rejects would): `pulumi up` must fail within the read-only
 * StatefulSet's time-out, naming the stuck pod, and leave the roll stopped at that pod; undoing the change
 * must recover with a complete roll.
 */
export async function neverReadyRoll(ctx: NeverReadyRollContext): Promise<void> {
    const { pulumi, stack } = ctx;
    const key = `readNodes.podAnnotations["${neverReadyAnnotation}"]`;
    await pulumi.run(["config", "set", "--path", "--type", "string", key, "true", "--stack", stack], { quiet: true });
    const started = Date.now();
    const result = await pulumi.run(stackCommands(stack).up, { expectFailure: true });
    const seconds = (Date.now() - started) / 1000;
    const output = result.stdout + result.stderr;

    const state = new ClusterState(ctx.api);
    const marked = (await state.livePods(ctx.namespace))
        .filter((p) => p.metadata.annotations?.[neverReadyAnnotation] === "true")
        .map((p) => p.metadata.name);
    if (marked.length !== 1) {
        throw new Error(`expected the roll to stop at its first new read-only pod, found ${marked.length} new ones: ${marked.join(", ")}`);
    }
    const named = [...new Set(output.match(readPodName) ?? [])];
    if (!named.includes(marked[0])) {
        throw new Error(`up's failure does not name the stuck pod ${marked[0]}:\n${tail(output, 30)}`);
    }
    const reason = output.split("\n").find((l) => l.includes(marked[0]) && /unready|not ready|readiness/i.test(l));
    if (reason === undefined) {
        throw new Error(`up's failure names ${marked[0]} but not why it is stuck:\n${tail(output, 30)}`);
    }
    if (seconds > ctx.readNodesTimeoutSeconds + 60) {
        throw new Error(`up took ${seconds.toFixed(0)}s to fail; the read-only nodes' time-out is ${ctx.readNodesTimeoutSeconds}s`);
    }
    const statefulSet = await ctx.api.get<WorkloadWithStatus>(`/apis/apps/v1/namespaces/${ctx.namespace}/statefulsets/${readNodesName}`);
    if (statefulSet.status?.currentRevision === statefulSet.status?.updateRevision) {
        throw new Error("the StatefulSet reports its roll complete although a new pod never became Ready");
    }
    ctx.log(`   failed after ${seconds.toFixed(0)}s (time-out ${ctx.readNodesTimeoutSeconds}s), naming ${marked[0]}: ${reason.trim()}`);

    await unsetConfig(pulumi, stack, "readNodes.podAnnotations");
    await ctx.up();
    const left = (await state.livePods(ctx.namespace)).filter((p) => p.metadata.annotations?.[neverReadyAnnotation] !== undefined);
    if (left.length > 0) {
        throw new Error(`undone, but pods still carry the marker: ${left.map((p) => p.metadata.name).join(", ")}`);
    }
    ctx.log("   undone: every read-only pod back on the previous revision, Ready");
}

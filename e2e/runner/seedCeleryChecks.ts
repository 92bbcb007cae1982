// What the simulated cluster shows about the seed's Celery tier (release 0.4; README, "What runs for real"):
// a Celery sidecar in every read-only pod, named for the pod, and the tier's pods Ready.
import { KubeApi } from "../cluster";
import { sidecarContainerName as sidecarName } from "../../components/celery/serverSidecar";
import { componentLabels } from "../../components/kube/labels";
import { ClusterState, componentOf, isReady } from "./clusterState";

/** The Celery tier's components, and the Thrift proxy, which is one of the Celery apps. */
const celeryComponents = [componentLabels.monitor, componentLabels.workers, componentLabels.flower, componentLabels.proxy];

/**
 * Every read-only pod runs the sidecar (as many sidecars as read-only replicas), started as its pod's worker
 * (`--hostname=celery@$(POD_NAME)`, `--queues=$(POD_NAME)`) and Ready; every pod of the monitor, the workers,
 * Flower and the proxy is Ready. Returns the problems and a count of what it saw.
 */
export async function seedCeleryProblems(
    api: KubeApi,
    namespace: string,
    readReplicas: number,
): Promise<{ problems: string[]; summary: string }> {
    const pods = (await new ClusterState(api).livePods(namespace)).filter((p) => p.status?.phase !== "Succeeded");
    const problems: string[] = [];
    const readPods = pods.filter((p) => componentOf(p) === componentLabels.readNodes);
    let sidecars = 0;
    for (const pod of readPods) {
        const sidecar = pod.spec?.containers?.find((c) => c.name === sidecarName);
        if (sidecar === undefined) {
            problems.push(`${pod.metadata.name} has no ${sidecarName} container`);
            continue;
        }
        sidecars += 1;
        const command = sidecar.command ?? [];
        for (const wanted of ["--hostname=celery@$(POD_NAME)", "--queues=$(POD_NAME)"]) {
            if (!command.includes(wanted)) {
                problems.push(`${pod.metadata.name}: the sidecar is not started with ${wanted}`);
            }
        }
        if (pod.status?.containerStatuses?.find((c) => c.name === sidecarName)?.ready !== true) {
            problems.push(`${pod.metadata.name}: ${sidecarName} is not ready`);
        }
    }
    if (sidecars !== readReplicas) {
        problems.push(`${sidecars} sidecars in ${readPods.length} read-only pods; expected one per replica (${readReplicas})`);
    }
    const byComponent: Record<string, number> = {};
    for (const component of celeryComponents) {
        const ofComponent = pods.filter((p) => componentOf(p) === component);
        byComponent[component] = ofComponent.length;
        if (ofComponent.length === 0) {
            problems.push(`no ${component} pod`);
        }
        for (const pod of ofComponent.filter((p) => !isReady(p))) {
            problems.push(`${pod.metadata.name} (${component}) is not Ready`);
        }
    }
    const counts = Object.entries(byComponent)
        .map(([c, n]) => `${n} ${c}`)
        .join(", ");
    return { problems, summary: `${sidecars} sidecars in ${readPods.length} read-only pods; Ready: ${counts}` };
}

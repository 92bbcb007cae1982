// What only a cluster shows about the release-specific wiring (README, "What runs for real"): which pods
// Mishards' discovery account can see, and which GPUs the servers were placed on.
import { dotenv } from "../../tests/helpers/dotenv";
import { gpuFamilyLabel, KubeApi, KubeList, KubeObject } from "../cluster";
import { componentLabels } from "../../components/kube/labels";
import { proxyConfigKey as configFile, proxyConfigMapName as configMapName } from "../../components/proxy/proxyFlavor";
import { proxyName } from "../../policy/lib/sharedNames";
import { ClusterState, componentOf, gpusHeld, Pod } from "./clusterState";

const livePods = (api: KubeApi, namespace: string): Promise<Pod[]> => new ClusterState(api).livePods(namespace);

/**
 * Asks the API server as the proxy's ServiceAccount, with the namespace, label selector and pod pattern from
 * the proxy's own `.env`, which pods Mishards' Kubernetes discovery would find; they must be exactly the
 * read-only pods. The account must not see pods of another namespace. Returns the problems and what it saw.
 */
export async function discoveryProblems(api: KubeApi, namespace: string): Promise<{ problems: string[]; seen: string[] }> {
    const configMap = await api.get<KubeObject & { data?: Record<string, string> }>(
        `/api/v1/namespaces/${namespace}/configmaps/${configMapName}`,
    );
    const settings = dotenv(configMap.data?.[configFile] ?? "");
    const problems: string[] = [];
    if (settings.DISCOVERY_CLASS_NAME !== "kubernetes") {
        return { problems: [`DISCOVERY_CLASS_NAME is ${settings.DISCOVERY_CLASS_NAME}, not kubernetes`], seen: [] };
    }
    const proxy = await api.get<KubeObject & { spec: { template: { spec: { serviceAccountName?: string } } } }>(
        `/apis/apps/v1/namespaces/${namespace}/deployments/${proxyName}`,
    );
    const account = `system:serviceaccount:${namespace}:${proxy.spec.template.spec.serviceAccountName ?? "default"}`;
    const selector = encodeURIComponent(settings.DISCOVERY_KUBERNETES_LABEL_SELECTOR ?? "");
    const asProxy = await api.request<KubeList<Pod>>(
        "GET",
        `/api/v1/namespaces/${settings.DISCOVERY_KUBERNETES_NAMESPACE}/pods?labelSelector=${selector}`,
        undefined,
        { impersonate: account },
    );
    if (asProxy.status !== 200) {
        return { problems: [`${account} may not list pods: HTTP ${asProxy.status}`], seen: [] };
    }
    // kubernetes_provider.py: re.match(pod_patt, name), anchored at the start only.
    const pattern = new RegExp(`^(?:${settings.DISCOVERY_KUBERNETES_POD_PATT})`);
    const listed = asProxy.body.items.map((p) => p.metadata.name);
    const unmatched = listed.filter((name) => !pattern.test(name));
    if (unmatched.length > 0) {
        // The heartbeat gives up on every pod when one selected pod fails the pattern.
        problems.push(`selected pods the pattern does not match (Mishards would drop them all): ${unmatched.join(", ")}`);
    }
    const readPods = (await livePods(api, namespace))
        .filter((p) => componentOf(p) === componentLabels.readNodes)
        .map((p) => p.metadata.name)
        .sort();
    const seen = listed.filter((name) => pattern.test(name)).sort();
    if (JSON.stringify(seen) !== JSON.stringify(readPods)) {
        problems.push(`discovery sees [${seen.join(", ")}], the read-only pods are [${readPods.join(", ")}]`);
    }
    const elsewhere = await api.request("GET", "/api/v1/namespaces/kube-system/pods", undefined, { impersonate: account });
    if (elsewhere.status !== 403) {
        problems.push(`${account} may list pods in kube-system (HTTP ${elsewhere.status}); its Role should stop at its namespace`);
    }
    const events = await api.request("GET", `/api/v1/namespaces/${namespace}/events?watch=false`, undefined, { impersonate: account });
    if (events.status !== 200) {
        problems.push(`${account} may not list events (HTTP ${events.status}); discovery watches pod events`);
    }
    return { problems, seen };
}

/** Pods holding GPUs on nodes whose GPU family is not in `allowed`, and how many GPU pods there are. */
export async function gpuFamilyProblems(
    api: KubeApi,
    namespace: string,
    allowed: readonly string[],
): Promise<{ problems: string[]; byFamily: Record<string, number> }> {
    const nodes = await api.get<KubeList>("/api/v1/nodes");
    const family = new Map(nodes.items.map((n) => [n.metadata.name, n.metadata.labels?.[gpuFamilyLabel] ?? "(none)"]));
    const problems: string[] = [];
    const byFamily: Record<string, number> = {};
    for (const pod of (await livePods(api, namespace)).filter((p) => gpusHeld(p) > 0)) {
        const f = family.get(pod.spec?.nodeName ?? "") ?? "(unscheduled)";
        byFamily[f] = (byFamily[f] ?? 0) + 1;
        if (!allowed.includes(f)) {
            problems.push(`${pod.metadata.name} runs on ${pod.spec?.nodeName ?? "no node"} (${f})`);
        }
    }
    return { problems, byFamily };
}

/** With GPUs off: no pod holds a GPU, and every Milvus server runs a CPU build. */
export async function cpuOnlyProblems(api: KubeApi, namespace: string): Promise<string[]> {
    const problems: string[] = [];
    for (const pod of await livePods(api, namespace)) {
        if (gpusHeld(pod) > 0) {
            problems.push(`${pod.metadata.name} holds ${gpusHeld(pod)} GPU(s)`);
        }
        const component = componentOf(pod);
        const image = pod.spec?.containers?.[0]?.image ?? "";
        if ((component === componentLabels.readNodes || component === componentLabels.writeNode) && !image.includes("-cpu-")) {
            problems.push(`${pod.metadata.name} runs ${image}, not a CPU build`);
        }
    }
    return problems;
}

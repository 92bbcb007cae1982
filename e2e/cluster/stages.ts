import * as fs from "node:fs";
import { parseAllDocuments, stringify } from "yaml";

/**
 * kwok's stages for the e2e tier: the defaults kwokctl uses (linked by e2e/toolchain/build.sh), with one
 * change. A pod whose template carries {@link neverReadyAnnotation} `"true"` starts Running but never becomes
 * Ready, as a server that rejects its config would: the default `pod-ready` stage skips it and
 * `pod-never-ready` takes it instead. Operators set that annotation through `<tier>.podAnnotations`.
 */
export const neverReadyAnnotation = "e2e.milvus-cluster.test/never-ready";

const markerKey = `.metadata.annotations["${neverReadyAnnotation}"]`;

interface MatchExpression {
    key: string;
    operator: string;
    values?: string[];
}

interface Stage {
    kind?: string;
    metadata?: { name?: string };
    spec?: { selector?: { matchExpressions?: MatchExpression[] } };
}

/** Running, its containers started and not ready, with the condition a real kubelet would report. */
const neverReadyStage = {
    apiVersion: "kwok.x-k8s.io/v1alpha1",
    kind: "Stage",
    metadata: { name: "pod-never-ready" },
    spec: {
        resourceRef: { apiGroup: "v1", kind: "Pod" },
        selector: {
            matchExpressions: [
                { key: ".metadata.deletionTimestamp", operator: "DoesNotExist" },
                { key: ".status.phase", operator: "In", values: ["Pending"] },
                { key: markerKey, operator: "In", values: ["true"] },
            ],
        },
        next: {
            statusTemplate: `{{ $now := Now }}
conditions:
- lastTransitionTime: {{ $now | Quote }}
  status: "True"
  type: Initialized
- lastTransitionTime: {{ $now | Quote }}
  status: "False"
  type: Ready
  reason: ContainersNotReady
  message: "containers with unready status: [{{ range $i, $c := .spec.containers }}{{ if $i }} {{ end }}{{ $c.name }}{{ end }}]"
- lastTransitionTime: {{ $now | Quote }}
  status: "False"
  type: ContainersReady
  reason: ContainersNotReady
containerStatuses:
{{ range .spec.containers }}
- image: {{ .image | Quote }}
  name: {{ .name | Quote }}
  ready: false
  started: true
  restartCount: 0
  state:
    running:
      startedAt: {{ $now | Quote }}
{{ end }}
{{ $podIPs := PodIPsWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) }}
{{ with $podIPs }}
podIP: {{ index . 0 | Quote }}
podIPs:
{{ range . }}
- ip: {{ . | Quote }}
{{ end }}
{{ end }}
phase: Running
startTime: {{ $now | Quote }}
`,
        },
    },
};

/** The e2e stages, as YAML, from the default stages' YAML. Throws if the defaults have no `pod-ready` stage. */
export function e2eStages(defaults: string): string {
    const stages = parseAllDocuments(defaults)
        .map((doc) => doc.toJS() as Stage | null)
        .filter((s): s is Stage => s !== null);
    const ready = stages.find((s) => s.kind === "Stage" && s.metadata?.name === "pod-ready");
    const expressions = ready?.spec?.selector?.matchExpressions;
    if (expressions === undefined) {
        throw new Error("the default kwok stages have no pod-ready stage with matchExpressions");
    }
    expressions.push({ key: markerKey, operator: "DoesNotExist" });
    return [...stages, neverReadyStage].map((s) => `---\n${stringify(s, { blockQuote: "literal" })}`).join("");
}

/** Writes {@link e2eStages} of `defaultsFile` to `outFile`; returns `outFile`. */
export function writeE2eStages(defaultsFile: string, outFile: string): string {
    fs.writeFileSync(outFile, e2eStages(fs.readFileSync(defaultsFile, "utf8")));
    return outFile;
}

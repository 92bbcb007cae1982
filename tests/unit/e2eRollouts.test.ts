// The e2e tier's pure pieces for rollouts: the roll-complete check, the kwok stages, the per-pod figure.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { e2eStages, neverReadyAnnotation } from "../../e2e/cluster/stages";
import { WorkloadWithStatus, rolloutProblems } from "../../e2e/runner/rolloutStatus";
import { secondsPerPod } from "../../e2e/scenarios/scale";

const statefulSet = (status: WorkloadWithStatus["status"], generation = 3, replicas = 5): WorkloadWithStatus => ({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "milvus-ro-servers", generation },
    spec: { replicas },
    status,
});
const done = { observedGeneration: 3, replicas: 5, updatedReplicas: 5, readyReplicas: 5, currentRevision: "r2", updateRevision: "r2" };

describe("e2e: is a roll complete when up returns", () => {
    test("complete: controller caught up, every replica updated, revisions equal", () => {
        assert.deepEqual(rolloutProblems("StatefulSet", statefulSet(done)), []);
        assert.deepEqual(
            rolloutProblems("Deployment", { ...statefulSet(done), kind: "Deployment", status: { ...done, currentRevision: undefined } }),
            [],
        );
    });

    test("the race of pulumi-kubernetes #3329: the controller has not observed the new generation", () => {
        assert.deepEqual(rolloutProblems("StatefulSet", statefulSet({ ...done, observedGeneration: 2 })), [
            "StatefulSet milvus-ro-servers: observedGeneration 2 != generation 3",
        ]);
    });

    test("the roll has begun and not finished: 1 of 5 updated, current revision still the old one", () => {
        assert.deepEqual(rolloutProblems("StatefulSet", statefulSet({ ...done, updatedReplicas: 1, currentRevision: "r1" })), [
            "StatefulSet milvus-ro-servers: updatedReplicas 1 != replicas 5",
            "StatefulSet milvus-ro-servers: currentRevision r1 != updateRevision r2",
        ]);
    });

    test("no status at all is unfinished, and a Deployment is not asked for revisions", () => {
        assert.equal(rolloutProblems("StatefulSet", statefulSet(undefined)).length, 3);
        assert.equal(rolloutProblems("Deployment", { ...statefulSet(undefined), kind: "Deployment" }).length, 2);
    });
});

describe("e2e: kwok stages with a never-ready marker", () => {
    const defaults = `---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata: { name: node-initialize }
spec: { resourceRef: { apiGroup: v1, kind: Node } }
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata: { name: pod-ready }
spec:
  resourceRef: { apiGroup: v1, kind: Pod }
  selector:
    matchExpressions:
    - { key: .status.phase, operator: In, values: [Pending] }
  next: { statusTemplate: "phase: Running" }
`;
    type Stage = {
        metadata: { name: string };
        spec: { selector?: { matchExpressions: { key: string; operator: string; values?: string[] }[] } };
    };
    const stages = (): Stage[] => parseAllDocuments(e2eStages(defaults)).map((d) => d.toJS() as Stage);
    const marker = `.metadata.annotations["${neverReadyAnnotation}"]`;

    test("pod-ready skips marked pods; the other stages are kept as they are", () => {
        const all = stages();
        assert.deepEqual(
            all.map((s) => s.metadata.name),
            ["node-initialize", "pod-ready", "pod-never-ready"],
        );
        assert.deepEqual(all[1].spec.selector?.matchExpressions.at(-1), { key: marker, operator: "DoesNotExist" });
    });

    test("pod-never-ready takes exactly the Pending pods marked true, and leaves them Running, not Ready", () => {
        const stage = stages()[2] as Stage & { spec: { next: { statusTemplate: string } } };
        assert.deepEqual(
            stage.spec.selector?.matchExpressions.find((e) => e.key === marker),
            { key: marker, operator: "In", values: ["true"] },
        );
        assert.match(stage.spec.next.statusTemplate, /status: "False"\n {2}type: Ready/);
        assert.match(stage.spec.next.statusTemplate, /phase: Running/);
        assert.doesNotMatch(stage.spec.next.statusTemplate, /ready: true/);
    });

    test("defaults without a pod-ready stage are refused", () => {
        assert.throws(() => e2eStages("kind: Stage\nmetadata: { name: pod-delete }\n"), /no pod-ready stage/);
    });
});

describe("e2e scale: seconds per pod of a roll", () => {
    test("(last − first creation) / (pods − 1)", () => {
        assert.equal(secondsPerPod(["2026-01-01T00:00:20Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z"]), 10);
        assert.equal(secondsPerPod(["2026-01-01T00:00:00Z"]), 0);
    });
});

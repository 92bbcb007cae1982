import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseClusterConfig } from "../../components/config/parseClusterConfig";
import { fixedTimeoutProblem, formulaSeconds, rollShapes, rollSteps, rolloutTimeouts } from "../../components/config/rolloutTimeouts";
import { ClusterConfig } from "../../components/config/types";

/** A parsed config with these overrides (the parser fills the rest, as a stack does). */
const config = (raw: Parameters<typeof parseClusterConfig>[0]): ClusterConfig => parseClusterConfig({ mode: "cluster", ...raw });

describe("rollout time-outs: the formula", () => {
    test("steps: replicas over pods per step, rounded up", () => {
        assert.equal(rollSteps({ replicas: 1, podsPerStep: 1 }), 1);
        assert.equal(rollSteps({ replicas: 100, podsPerStep: 1 }), 100);
        assert.equal(rollSteps({ replicas: 100, podsPerStep: 10 }), 10);
        assert.equal(rollSteps({ replicas: 101, podsPerStep: 10 }), 11);
    });

    test("base + steps × per pod", () => {
        assert.equal(formulaSeconds({ baseSeconds: 300, perPodSeconds: 120 }, { replicas: 4, podsPerStep: 1 }), 780);
        assert.equal(formulaSeconds({ baseSeconds: 30, perPodSeconds: 15 }, { replicas: 50, podsPerStep: 1 }), 780);
    });

    test("defaults: 300 s + 120 s a step; 100 read-only nodes get 12300 s, 1500 s with maxUnavailable 10", () => {
        assert.equal(rolloutTimeouts(config({ readNodes: { replicas: 100 } })).readNodes, 12300);
        assert.equal(rolloutTimeouts(config({ readNodes: { replicas: 100, rollingUpdate: { maxUnavailable: 10 } } })).readNodes, 1500);
    });

    test("each workload by its own roll: Recreate and one-pod workloads take one step, rolling tiers one per replica", () => {
        const timeouts = rolloutTimeouts(
            config({
                // the 0.4 line, which has the Celery tier
                milvus: { release: "0.4" },
                rollout: { baseSeconds: 100, perPodSeconds: 20 },
                readNodes: { replicas: 6 },
                proxy: { replicas: 3 },
                workers: { replicas: 5 },
            }),
        );
        assert.deepEqual(timeouts, {
            writeNode: 120,
            readNodes: 220,
            proxy: 160,
            workers: 200,
            monitor: 120,
            flower: 120,
            backingServer: 120,
            // one GPU node per server: 1 write-only + 6 read-only
            devicePlugin: 240,
        });
    });

    test("an autoscaled tier counts the most pods its autoscaler may run", () => {
        const shapes = rollShapes(config({ proxy: { autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 12 } } }));
        assert.deepEqual(shapes.proxy, { replicas: 12, podsPerStep: 1 });
    });

    test("rolloutTimeoutSeconds, where set, is every workload's time-out", () => {
        const timeouts = rolloutTimeouts(config({ rolloutTimeoutSeconds: 3600 }));
        assert.deepEqual(new Set(Object.values(timeouts)), new Set([3600]));
    });
});

describe("rollout time-outs: a fixed time-out that cannot fit", () => {
    test("unset or long enough: no problem", () => {
        assert.equal(fixedTimeoutProblem(config({})), undefined);
        // 4 read-only nodes + the write-only node: the device plugin's 5 GPU nodes need 300 + 5 × 120 = 900 s
        assert.equal(fixedTimeoutProblem(config({ rolloutTimeoutSeconds: 900, readNodes: { replicas: 4 } })), undefined);
    });

    test("too short: names each workload it cannot fit, most needed first, the formula's numbers, and what to do", () => {
        const twenty = config({ readNodes: { replicas: 20 } });
        const problem = fixedTimeoutProblem({ ...twenty, rollout: { ...twenty.rollout, fixedSeconds: 900 } });
        assert.ok(problem !== undefined);
        assert.match(
            problem,
            /devicePlugin \(21 pods, 1 per step\) needs 300 \+ 21 × 120 = 2820 s; readNodes \(20 pods, 1 per step\) needs 300 \+ 20 × 120 = 2700 s/,
        );
        assert.match(problem, /expected at least 2820/);
        assert.match(problem, /remove it/);
        assert.doesNotMatch(problem, /proxy|workers|monitor/, "workloads that fit are not named");
    });

    test("the parser refuses it under rolloutTimeoutSeconds, before anything else happens", () => {
        assert.throws(
            () => config({ rolloutTimeoutSeconds: 900, readNodes: { replicas: 20 } }),
            (error: Error) =>
                error.message.includes("milvus-cluster:rolloutTimeoutSeconds: got 900; too short: ") &&
                error.message.includes("readNodes (20 pods"),
        );
    });

    test("maxUnavailable shortens the read-only nodes' need (the device plugin, one node at a time, then needs most)", () => {
        assert.doesNotThrow(() =>
            config({ rolloutTimeoutSeconds: 3000, readNodes: { replicas: 20, rollingUpdate: { maxUnavailable: 5 } } }),
        );
        assert.throws(
            () => config({ rolloutTimeoutSeconds: 2000, readNodes: { replicas: 20, rollingUpdate: { maxUnavailable: 5 } } }),
            /devicePlugin/,
        );
    });
});

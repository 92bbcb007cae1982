import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError } from "../../components/config/configError";
import { parseClusterConfig } from "../../components/config/parseClusterConfig";
import { annotatedTiers, podAnnotationProblem } from "../../components/config/podAnnotations";
import { podTemplateAnnotations } from "../../components/kube/podTemplateAnnotations";

describe("pod annotations", () => {
    test("accepts annotation keys with and without a prefix, and any string value", () => {
        for (const key of ["team", "example.com/owner", "sidecar.istio.io/inject", "a_b.c-d"]) {
            assert.equal(podAnnotationProblem(key, 'any value, even {"json": true}'), undefined, key);
        }
    });

    test("refuses keys that are not annotation keys", () => {
        for (const key of ["my key", "-leading", "Example.com/x", "example.com/", "x".repeat(64)]) {
            assert.match(podAnnotationProblem(key, "v") ?? "", /expected an annotation key/, key);
        }
    });

    test("refuses the keys the program writes: checksum, scrape settings, policy exemptions", () => {
        for (const key of ["checksum/config", "prometheus.io/scrape", "milvus-cluster/policy-exemptions"]) {
            assert.match(podAnnotationProblem(key, "v") ?? "", /set by the program/, key);
        }
    });

    test("refuses more than Kubernetes' 256 KiB", () => {
        assert.match(podAnnotationProblem("big", "x".repeat(256 * 1024)) ?? "", /256 KiB/);
    });

    test("every tier reads <tier>.podAnnotations; an error names the tier's key, the key given and what is allowed", () => {
        for (const tier of annotatedTiers) {
            // The 0.4 line: the one with the Celery tier (monitor, workers, Flower).
            const ok = parseClusterConfig({ milvus: { release: "0.4" }, [tier]: { podAnnotations: { "example.com/owner": "team-a" } } });
            const annotations =
                tier === "monitor" || tier === "flower"
                    ? ok.celery[tier].podAnnotations
                    : tier === "workers"
                      ? ok.celery.workers.podAnnotations
                      : ok[tier].podAnnotations;
            assert.deepEqual(annotations, { "example.com/owner": "team-a" }, tier);
            assert.throws(
                () => parseClusterConfig({ milvus: { release: "0.4" }, [tier]: { podAnnotations: { "checksum/config": "mine" } } }),
                (error: unknown) =>
                    error instanceof ConfigError &&
                    error.problems.some(
                        (p) => p.key === `milvus-cluster:${tier}.podAnnotations` && p.allowed.includes('"checksum/config"'),
                    ),
                tier,
            );
        }
    });

    test("the program's annotations win over an operator's of the same key", () => {
        assert.deepEqual(podTemplateAnnotations({ "checksum/config": "old", team: "a" }, { "checksum/config": "abc" }), {
            "checksum/config": "abc",
            team: "a",
        });
        assert.deepEqual(podTemplateAnnotations(undefined, { "checksum/config": "abc" }), { "checksum/config": "abc" });
    });
});

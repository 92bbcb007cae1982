import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { stackResource, violationsOf } from "../../policy/checkObjects";
import { configMap, deployment } from "./fixtures";

// violationsOf stands in for the engine in tests: these pin down the parts of the engine's behaviour it copies.

const floating = () => deployment({ name: "milvus-flower", edit: (s) => void (s.containers[0].image = "mher/flower:latest") });

describe("violationsOf", () => {
    test("reports each violation with its policy, the resource's Pulumi name and the policy's message", async () => {
        assert.deepEqual(await violationsOf([configMap("fine", { a: "b" }), floating()]), [
            {
                policy: "pinned-images",
                resource: "milvus-flower-deployment",
                message: 'Deployment milvus/milvus-flower: container "app": image "mher/flower:latest" is tagged latest',
            },
        ]);
    });

    test("a policy disabled in the config, by name or through all, is not run", async () => {
        assert.deepEqual(await violationsOf([floating()], { "pinned-images": "disabled" }), []);
        assert.deepEqual(await violationsOf([floating()], { "pinned-images": { enforcementLevel: "disabled" } }), []);
        assert.deepEqual(await violationsOf([floating()], { all: "disabled" }), []);
        assert.equal((await violationsOf([floating()], { all: "disabled", "pinned-images": "mandatory" })).length, 1);
    });

    test("refuses config the CLI would refuse: unknown policy, unknown setting, wrong type, unknown level", async () => {
        await assert.rejects(violationsOf([], { "pinned-image": "mandatory" }), /config for "pinned-image": no policy has that name/);
        await assert.rejects(
            violationsOf([], { "stateful-data-protected": { requireProtecton: true } }),
            /"requireProtecton" is not a setting of that policy/,
        );
        await assert.rejects(
            violationsOf([], { "backing-services-isolated": { requireNetworkPolicies: "yes" } }),
            /"requireNetworkPolicies" must be a boolean/,
        );
        await assert.rejects(
            violationsOf([], { "pinned-images": { enforcementLevel: "strict" as "mandatory" } }),
            /enforcementLevel "strict"/,
        );
    });

    const custom = (validate: ResourceValidationPolicy["validateResource"]): ResourceValidationPolicy => ({
        name: "custom",
        description: "test policy",
        enforcementLevel: "mandatory",
        configSchema: { properties: { limit: { type: "number", default: 3 } } },
        validateResource: validate,
    });

    test("getConfig gives the schema's defaults, overridden by the config; notApplicable is not a violation", async () => {
        const seen: unknown[] = [];
        const policy = custom((args, report) => {
            seen.push(args.getConfig<{ limit: number }>().limit);
            if (args.name === "skip") {
                args.notApplicable("not this one");
            }
            report("judged");
        });
        const objects = [configMap("skip", {}), configMap("judge", {})].map((o, i) => ({ ...o, name: ["skip", "judge"][i] }));
        assert.deepEqual(await violationsOf(objects, {}, [policy]), [{ policy: "custom", resource: "judge", message: "judged" }]);
        await violationsOf(objects, { custom: { limit: 7 } }, [policy]);
        assert.deepEqual(seen, [3, 3, 7, 7]);
    });

    test("a policy that throws makes the call fail, as it fails a preview", async () => {
        const policy = custom(() => {
            throw new Error("policy bug");
        });
        await assert.rejects(violationsOf([configMap("a", {})], {}, [policy]), /policy bug/);
    });

    test("a stack violation names the resource whose URN it gives, or (stack); protect reaches opts", async () => {
        const stackPolicy: StackValidationPolicy = {
            name: "stack",
            description: "test policy",
            validateStack: (args, report) => {
                const protectedOne = args.resources.find((r) => r.opts.protect);
                report("about one resource", protectedOne?.urn);
                report("about the stack");
            },
        };
        const objects = [configMap("a", {}), { ...configMap("b", {}), protect: true }];
        assert.deepEqual(
            (await violationsOf(objects, {}, [stackPolicy])).map((v) => v.resource),
            ["b-configmap", stackResource],
        );
    });
});

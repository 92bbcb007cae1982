// The stacks this program declares pass the project's own policy pack (policy/), as `pulumi preview
// --policy-pack policy` would check them: dev with the pack's defaults, prod with policy/prod.json.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { PackConfig, violationsOf } from "../../policy/checkObjects";
import { RenderedStack, renderStack } from "../helpers/renderStack";
import { scenarios } from "../helpers/scenarios";
import { loadStackFile, projectRoot, withOverrides } from "../helpers/stackFiles";

const prodPackConfig = JSON.parse(readFileSync(join(projectRoot, "policy", "prod.json"), "utf8")) as PackConfig;

const declared = (stack: RenderedStack) =>
    stack.resources.filter((r) => r.custom).map((r) => ({ type: r.type, name: r.name, props: r.inputs, protect: r.protect }));

describe("policy pack compliance", () => {
    for (const [scenario, config] of Object.entries(scenarios)) {
        test(`${scenario}: no violation of the pack's default rules`, async () => {
            assert.deepEqual(await violationsOf(declared(await renderStack(config()))), []);
        });
    }

    test("prod passes with policy/prod.json (protection and NetworkPolicies required)", async () => {
        assert.deepEqual(await violationsOf(declared(await renderStack(loadStackFile("prod"), "prod")), prodPackConfig), []);
    });

    test("a protected seed stack with a non-persistent Redis passes with policy/prod.json (its password stays protected)", async () => {
        const stack = await renderStack(
            withOverrides(loadStackFile("seed"), {
                redis: { persistence: false },
                protection: { protect: true, retainOnDelete: true },
                networkPolicies: { enabled: true },
            }),
            "seed",
        );
        assert.deepEqual(await violationsOf(declared(stack), prodPackConfig), []);
    });

    test("the same pack catches prod without its protection and NetworkPolicies", async () => {
        const weakened = await renderStack(
            withOverrides(loadStackFile("prod"), {
                protection: { protect: false, retainOnDelete: false },
                networkPolicies: { enabled: false },
            }),
            "prod",
        );
        const policies = new Set((await violationsOf(declared(weakened), prodPackConfig)).map((v) => v.policy));
        assert.deepEqual([...policies].sort(), ["backing-services-isolated", "stateful-data-protected"]);
    });
});

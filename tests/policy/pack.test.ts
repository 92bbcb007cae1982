import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parse } from "yaml";
import { violationsOf } from "../../policy/checkObjects";
import { policyExemptionsAnnotation } from "../../policy/lib/sharedNames";
import { allPolicyNames } from "../../policy/lib/policyNames";
import { policies } from "../../policy/policies";
import prodConfig from "../../policy/prod.json";

const root = join(__dirname, "..", "..");
const packDir = join(root, "policy");
const json = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

type Manifest = {
    name: string;
    version?: string;
    main?: string;
    workspaces?: string[];
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
};

test("the pack has the 15 policies, each named once, each mandatory, each described", () => {
    const names = policies.map((p) => p.name);
    assert.equal(names.length, 15);
    assert.deepEqual([...names].sort(), [...allPolicyNames].sort());
    for (const policy of policies) {
        assert.equal(policy.enforcementLevel, "mandatory", policy.name);
        assert.ok(policy.description.length > 20, policy.name);
    }
});

test("prod.json turns on exactly requireProtection and requireNetworkPolicies, and is valid config", async () => {
    assert.deepEqual(prodConfig, {
        "stateful-data-protected": { requireProtection: true },
        "backing-services-isolated": { requireNetworkPolicies: true },
    });
    await violationsOf([], prodConfig);
});

test("policy/ is an npm workspace of the root package with pinned dependencies and no lock file of its own", () => {
    const rootManifest = json<Manifest>(join(root, "package.json"));
    const pack = json<Manifest>(join(packDir, "package.json"));
    assert.deepEqual(rootManifest.workspaces, ["policy"]);
    assert.equal(pack.name, "milvus-cluster-policy");
    assert.match(pack.version ?? "", /^\d+\.\d+\.\d+$/);
    assert.ok(existsSync(join(packDir, pack.main ?? "index.js")), `main ${pack.main} does not exist`);
    assert.equal(pack.dependencies?.["@pulumi/policy"], "1.21.0");
    for (const shared of ["@pulumi/pulumi", "@pulumi/kubernetes"]) {
        assert.equal(pack.dependencies?.[shared], rootManifest.dependencies?.[shared], shared);
    }
    const lock = json<{ packages: Record<string, { link?: boolean; resolved?: string }> }>(join(root, "package-lock.json"));
    assert.deepEqual(lock.packages["node_modules/milvus-cluster-policy"], { resolved: "policy", link: true });
    assert.equal(existsSync(join(packDir, "package-lock.json")), false);
    assert.match(json<{ scripts: Record<string, string> }>(join(root, "package.json")).scripts.test, / tests\/policy\/\*\.test\.ts/);
});

test("PulumiPolicy.yaml declares the Node.js runtime, and run-pack.sh is executable", () => {
    const project = parse(readFileSync(join(packDir, "PulumiPolicy.yaml"), "utf8")) as { runtime?: string; description?: string };
    assert.equal(project.runtime, "nodejs");
    assert.ok((project.description ?? "").length > 0);
    assert.notEqual(statSync(join(packDir, "run-pack.sh")).mode & 0o111, 0);
});

test("the README gives a line to every policy, the exemption annotation and how to run the pack", () => {
    const readme = readFileSync(join(packDir, "README.md"), "utf8");
    for (const name of allPolicyNames) {
        assert.match(readme, new RegExp(`^\\| \`${name}\` \\|`, "m"), name);
    }
    assert.ok(readme.includes(policyExemptionsAnnotation));
    assert.ok(readme.includes("pulumi preview --policy-pack policy"));
    assert.ok(readme.includes("--policy-pack-config policy/prod.json"));
});

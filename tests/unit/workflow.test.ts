import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { projectRoot } from "../helpers/stackFiles";

// What .github/workflows/pulumi.yml promises (README.md, "GitHub Actions"), read from the file itself.

const read = (file: string): string => readFileSync(path.join(projectRoot, file), "utf8");
/** The Pulumi CLI version the e2e tier builds and proves. */
const e2eVersion = /^PULUMI_VERSION=v(\S+)$/m.exec(read("e2e/toolchain/build.sh"))?.[1];

type YamlMap = Record<string, unknown>;

const isMap = (value: unknown): value is YamlMap => typeof value === "object" && value !== null && !Array.isArray(value);

function asMap(value: unknown, what: string): YamlMap {
    return isMap(value) ? value : assert.fail(`${what}: expected a map, got ${JSON.stringify(value)}`);
}

function asList(value: unknown, what: string): unknown[] {
    return Array.isArray(value) ? value : assert.fail(`${what}: expected a list, got ${JSON.stringify(value)}`);
}

/** A scalar as text ("" when absent): YAML gives numbers and booleans their own types. */
const text = (value: unknown): string => (value === undefined || value === null ? "" : String(value));

interface Step {
    name: string;
    uses: string;
    run: string;
    if: string;
    shell: string;
    continueOnError: boolean;
    with: YamlMap;
    env: YamlMap;
}

interface Job {
    id: string;
    raw: YamlMap;
    steps: Step[];
    /** The job once per matrix entry (`include` only), or once with no matrix values. */
    instances: YamlMap[];
}

function readStep(value: unknown, where: string): Step {
    const step = asMap(value, where);
    return {
        name: text(step.name),
        uses: text(step.uses),
        run: text(step.run),
        if: text(step.if),
        shell: text(step.shell),
        continueOnError: step["continue-on-error"] === true,
        with: isMap(step.with) ? step.with : {},
        env: isMap(step.env) ? step.env : {},
    };
}

function readWorkflow(source: string): Job[] {
    const jobs = asMap(asMap(parse(source), "workflow").jobs, "jobs");
    return Object.entries(jobs).map(([id, value]) => {
        const raw = asMap(value, `job ${id}`);
        const strategy = isMap(raw.strategy) ? raw.strategy : {};
        const matrix = isMap(strategy.matrix) ? strategy.matrix : undefined;
        if (matrix !== undefined) {
            assert.deepEqual(Object.keys(matrix), ["include"], `job ${id}: the matrix is a plain list of entries`);
        }
        const instances = matrix === undefined ? [{}] : asList(matrix.include, `${id} matrix`).map((e) => asMap(e, id));
        const steps = asList(raw.steps, `${id} steps`).map((s, i) => readStep(s, `${id} step ${i}`));
        return { id, raw, steps, instances };
    });
}

/** Replaces `${{ matrix.<key> }}` by the entry's value; any other expression is left as written. */
const withMatrix = (value: string, entry: YamlMap): string =>
    value.replace(/\$\{\{\s*matrix\.([\w-]+)\s*\}\}/g, (whole, key: string) => (key in entry ? text(entry[key]) : whole));

interface PulumiRun {
    job: string;
    stack: string;
    environment: string;
    command: "preview" | "up";
    stackExpression: string;
    policyPackConfig: string;
    step: Step;
}

/** Every `pulumi preview` / `pulumi up` the workflow runs, once per stack, with what it is given. */
function pulumiRuns(jobs: Job[]): PulumiRun[] {
    const runs: PulumiRun[] = [];
    for (const job of jobs) {
        for (const step of job.steps) {
            const command = /^\s*pulumi (preview|up)\b/m.exec(step.run)?.[1];
            if (command !== "preview" && command !== "up") {
                continue;
            }
            const env = isMap(job.raw.env) ? job.raw.env : {};
            for (const entry of job.instances) {
                const environment = withMatrix(text(job.raw.environment), entry);
                const stackExpression = text(env.STACK);
                // The stack name's fallback, when PULUMI_ORG is not set: `|| matrix.stack }}` or `|| 'dev' }}`.
                const fallback = /\|\|\s*(?:matrix\.stack|'([a-z]+)')\s*\}\}$/.exec(stackExpression);
                const stack = fallback === null ? "" : (fallback[1] ?? text(entry.stack));
                runs.push({
                    job: job.id,
                    stack,
                    environment,
                    command,
                    stackExpression,
                    policyPackConfig: withMatrix(text(env.POLICY_PACK_CONFIG), entry),
                    step,
                });
            }
        }
    }
    return runs;
}

const workflowSource = read(".github/workflows/pulumi.yml");
const jobs = readWorkflow(workflowSource);
const jobById = (id: string): Job => jobs.find((j) => j.id === id) ?? assert.fail(`no job ${id}`);
const runs = pulumiRuns(jobs);
const policyPackConfigs: Record<string, string> = { dev: "", prod: "policy/prod.json" };

describe("GitHub Actions workflow: policy pack", () => {
    test("both stacks are previewed and updated, once each", () => {
        assert.deepEqual(runs.map((r) => `${r.command} ${r.stack}`).sort(), ["preview dev", "preview prod", "up dev", "up prod"]);
    });

    test("every preview and up passes the pack, and prod its stricter config", () => {
        for (const run of runs) {
            const where = `${run.job} (${run.stack})`;
            assert.equal(run.policyPackConfig, policyPackConfigs[run.stack], `${where}: POLICY_PACK_CONFIG`);
            assert.match(run.step.run, /^\s*args=\(.*--policy-pack policy\b.*\)$/m, `${where}: --policy-pack policy`);
            assert.match(
                run.step.run,
                /^\s*if \[\[ -n \$POLICY_PACK_CONFIG \]\]; then args\+=\(--policy-pack-config "\$POLICY_PACK_CONFIG"\); fi$/m,
                `${where}: --policy-pack-config when the stack has one`,
            );
            assert.match(run.step.run, new RegExp(`^\\s*pulumi ${run.command} "\\$\\{args\\[@\\]\\}"`, "m"), where);
            assert.match(run.step.run, /--stack "\$STACK"/, `${where}: --stack`);
        }
        assert.ok(existsSync(path.join(projectRoot, "policy", "PulumiPolicy.yaml")), "the pack is the policy folder");
        assert.deepEqual(Object.keys(JSON.parse(read("policy/prod.json")) as YamlMap).sort(), [
            "backing-services-isolated",
            "stateful-data-protected",
        ]);
    });

    test("the stack name is <PULUMI_ORG>/<stack>, or <stack> alone", () => {
        for (const run of runs) {
            const org =
                run.job === "preview" ? "format('{0}/{1}', vars.PULUMI_ORG, matrix.stack)" : `format('{0}/${run.stack}', vars.PULUMI_ORG)`;
            assert.ok(run.stackExpression.includes(`vars.PULUMI_ORG != '' && ${org}`), `${run.job}: ${run.stackExpression}`);
        }
    });
});

describe("GitHub Actions workflow: dev before prod, environments, timeouts", () => {
    test("prod's up needs dev's up, and nothing lets it run when dev did not succeed", () => {
        const prod = jobById("up-prod");
        const needs = Array.isArray(prod.raw.needs) ? prod.raw.needs.map(text) : [text(prod.raw.needs)];
        assert.deepEqual(needs, ["up-dev"]);
        // always(), failure() or cancelled() in `if` would let the job run after a failed or cancelled dev.
        assert.doesNotMatch(text(prod.raw.if), /always\(\)|failure\(\)|cancelled\(\)/);
        assert.ok(!prod.steps.some((s) => s.continueOnError), "no step of prod's up may carry on after an error");
    });

    test("each stack's jobs run in that stack's environment (prod: required reviewers, its own secrets)", () => {
        for (const run of runs) {
            assert.equal(run.environment, run.stack, `${run.job} (${run.stack})`);
        }
    });

    test("a secret is read only in a job that has an environment", () => {
        for (const job of jobs) {
            const source = JSON.stringify(job.raw);
            if (source.includes("secrets.")) {
                assert.notEqual(text(job.raw.environment), "", `${job.id} reads secrets outside an environment`);
            }
        }
    });

    test("every job has a timeout", () => {
        for (const job of jobs) {
            const minutes = job.raw["timeout-minutes"];
            assert.ok(typeof minutes === "number" && minutes > 0 && minutes <= 120, `${job.id}: timeout-minutes ${text(minutes)}`);
        }
    });

    test("up never runs on pull requests, preview only on them", () => {
        assert.equal(text(jobById("up-dev").raw.if), "github.event_name == 'push'");
        assert.equal(text(jobById("up-prod").raw.if), "github.event_name == 'push'");
        assert.match(text(jobById("preview").raw.if), /^github\.event_name == 'pull_request' && /);
    });
});

describe("GitHub Actions workflow: versions", () => {
    const actions = jobs.flatMap((j) => j.steps.map((s) => s.uses)).filter((u) => u !== "");

    test("the Pulumi CLI is pinned to the version the e2e tier proves, in every job that runs it", () => {
        assert.ok(e2eVersion !== undefined, "PULUMI_VERSION in e2e/toolchain/build.sh");
        for (const job of jobs) {
            const installs = job.steps.filter((s) => s.uses.startsWith("pulumi/actions@"));
            const runsPulumi = runs.some((r) => r.job === job.id);
            assert.equal(installs.length, runsPulumi ? 1 : 0, `${job.id}: one pinned CLI install`);
            for (const install of installs) {
                assert.equal(text(install.with["pulumi-version"]), e2eVersion, job.id);
                assert.equal(install.with.command, undefined, `${job.id}: the action only installs the CLI`);
            }
        }
    });

    test("Node on the runners is one @pulumi/pulumi's engines accept", () => {
        const engines = asMap(JSON.parse(read("node_modules/@pulumi/pulumi/package.json")), "package.json").engines;
        const minimum = Number(/^>=(\d+)$/.exec(text(asMap(engines, "engines").node))?.[1]);
        assert.ok(minimum >= 20, "@pulumi/pulumi's engines.node is >=N");
        const setups = jobs.flatMap((j) => j.steps).filter((s) => s.uses.startsWith("actions/setup-node@"));
        assert.equal(setups.length, jobs.length, "every job sets up Node");
        for (const setup of setups) {
            assert.ok(Number(setup.with["node-version"]) >= minimum, `node-version ${text(setup.with["node-version"])}`);
        }
    });

    test("actions are on their node24 majors", () => {
        const majors: Record<string, string> = {
            "actions/checkout": "v6",
            "actions/setup-node": "v6",
            "pulumi/actions": "v7",
            "actions/github-script": "v8",
        };
        for (const uses of actions) {
            const [name, version] = uses.split("@");
            assert.equal(version, majors[name], uses);
        }
    });

    test("README's GitHub Actions section names each action, the CLI version and the Node version", () => {
        const readme = read("README.md");
        const section = readme.slice(readme.indexOf("## GitHub Actions"));
        assert.ok(section.startsWith("## GitHub Actions"), "README has a GitHub Actions section");
        for (const uses of new Set(actions)) {
            assert.ok(section.includes(`\`${uses}\``), `README names ${uses}`);
        }
        assert.ok(section.includes(`\`pulumi-version: ${e2eVersion}\``), "README names the pinned CLI");
        assert.ok(section.includes("Node 24"), "README names the runners' Node");
    });
});

describe("GitHub Actions workflow: a failed preview still reaches the pull request", () => {
    const steps = jobById("preview").steps;
    const index = (predicate: (s: Step) => boolean, what: string): number => {
        const i = steps.findIndex(predicate);
        assert.ok(i >= 0, what);
        return i;
    };

    test("the preview carries on, the output is posted, then the job fails", () => {
        const preview = index((s) => /^\s*pulumi preview\b/m.test(s.run), "a preview step");
        const post = index((s) => s.uses.startsWith("actions/github-script@"), "a posting step");
        const fail = index((s) => s.run.trim() === "exit 1", "a failing step");
        assert.ok(preview < post && post < fail, "preview, post, fail, in that order");
        assert.equal(steps[preview].continueOnError, true);
        // bash -o pipefail: `pulumi preview | tee` fails when the preview does.
        assert.equal(steps[preview].shell, "bash");
        assert.match(steps[preview].run, /\| tee "\$RUNNER_TEMP\/preview\.txt"$/m);
        assert.match(steps[post].if, /\balways\(\)/);
        assert.equal(steps[post].env.OUTCOME, "${{ steps.preview.outcome }}");
        assert.equal(steps[fail].if, "steps.preview.outcome != 'success'");
    });

    test("one comment per stack, with the stack name, the result and the output", () => {
        const script = text(jobById("preview").steps.find((s) => s.uses.startsWith("actions/github-script@"))?.with.script);
        assert.match(script, /const marker = `<!-- pulumi-preview:\$\{STACK\} -->`;/);
        assert.match(script, /\$\{marker\}\\n### pulumi preview \\`\$\{STACK\}\\`: \$\{result\}/);
        assert.match(script, /readFileSync\(file, "utf8"\)/);
        assert.match(script, /updateComment/);
        assert.match(script, /createComment/);
    });
});

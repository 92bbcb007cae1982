import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configRenderScript } from "../../components/render/configRenderScript";

const root = mkdtempSync(join(tmpdir(), "render-script-"));
after(() => rmSync(root, { recursive: true, force: true }));

let runs = 0;

interface Run {
    result: SpawnSyncReturns<string>;
    outputDir: string;
    read: (name: string) => string;
}

/** Writes `files` as templates, runs the generated script with /bin/sh and `env`, returns the result. */
function runScript(envVars: readonly string[], files: Record<string, string>, env: Record<string, string>): Run {
    runs += 1;
    const templateDir = join(root, `run${runs}`, "config-template");
    const outputDir = join(root, `run${runs}`, "config");
    mkdirSync(templateDir, { recursive: true });
    mkdirSync(outputDir, { recursive: true });
    for (const [name, content] of Object.entries(files)) {
        writeFileSync(join(templateDir, name), content);
    }
    const result = spawnSync("/bin/sh", ["-c", configRenderScript(envVars, templateDir, outputDir)], {
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
        encoding: "utf8",
    });
    return { result, outputDir, read: (name) => readFileSync(join(outputDir, name), "utf8") };
}

const template = "db_config:\n  url: mysql://u:$(MYSQL_PASSWORD)@h:3306/db\nstorage:\n  key: $(S3_SECRET_KEY)\n";
const vars = ["MYSQL_PASSWORD", "S3_SECRET_KEY"] as const;

describe("configRenderScript", () => {
    test("substitutes tricky and plain values exactly", () => {
        const tricky = "a&b|c\\d/e";
        const plain = "Abc123xyz";
        const run = runScript(vars, { "config.yml": template }, { MYSQL_PASSWORD: tricky, S3_SECRET_KEY: plain });
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.equal(run.read("config.yml"), `db_config:\n  url: mysql://u:${tricky}@h:3306/db\nstorage:\n  key: ${plain}\n`);
    });

    test("the same with the values swapped", () => {
        const tricky = "a&b|c\\d/e";
        const run = runScript(vars, { "config.yml": template }, { MYSQL_PASSWORD: "plainPw42", S3_SECRET_KEY: tricky });
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.equal(run.read("config.yml"), `db_config:\n  url: mysql://u:plainPw42@h:3306/db\nstorage:\n  key: ${tricky}\n`);
    });

    const hardValues = [
        "$HOME",
        "$(S3_SECRET_KEY)x",
        "`id`",
        'it\'s "quoted"',
        "back\\1ref\\\\",
        "star*dot.[x]^$",
        "  spaced  ",
        "%s%d",
        "-n",
        "amp&&pipe||",
        "semi;colon#hash",
    ];
    for (const value of hardValues) {
        test(`survives ${JSON.stringify(value)}`, () => {
            const run = runScript(
                ["MYSQL_PASSWORD"],
                { "config.yml": "url: mysql://u:$(MYSQL_PASSWORD)@h:3306/db\n" },
                { MYSQL_PASSWORD: value },
            );
            assert.equal(run.result.status, 0, run.result.stderr);
            assert.equal(run.read("config.yml"), `url: mysql://u:${value}@h:3306/db\n`);
        });
    }

    test("replaces every occurrence on a line and across lines", () => {
        const run = runScript(
            ["REDIS_PASSWORD"],
            { "settings.yml": 'A: "redis://:$(REDIS_PASSWORD)@r:6379/0"\nB: "$(REDIS_PASSWORD)$(REDIS_PASSWORD)"\n' },
            { REDIS_PASSWORD: "pw" },
        );
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.equal(run.read("settings.yml"), 'A: "redis://:pw@r:6379/0"\nB: "pwpw"\n');
    });

    test("renders every file of the template directory", () => {
        const logConf = '* GLOBAL:\n    FILENAME = "/logs/milvus-%datetime{%y-%M-%d-%H:%m}-global.log"\n';
        const run = runScript(vars, { "config.yml": template, "log.conf": logConf }, { MYSQL_PASSWORD: "p", S3_SECRET_KEY: "s" });
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.deepEqual(readdirSync(run.outputDir).sort(), ["config.yml", "log.conf"]);
        assert.equal(run.read("log.conf"), logConf);
        assert.equal(run.read("config.yml"), "db_config:\n  url: mysql://u:p@h:3306/db\nstorage:\n  key: s\n");
    });

    test("a file without placeholders is copied unchanged", () => {
        const plainFile = 'a: 1\nb: "$HOME $(NOT_A_CREDENTIAL) & | \\\\ /"\n\ttabbed\n';
        const run = runScript(vars, { "plain.yml": plainFile }, { MYSQL_PASSWORD: "p", S3_SECRET_KEY: "s" });
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.equal(run.read("plain.yml"), plainFile);
    });

    test("placeholders of variables not in the list are left alone", () => {
        const run = runScript(
            ["MYSQL_PASSWORD"],
            { "c.yml": "$(MYSQL_PASSWORD) $(S3_SECRET_KEY)\n" },
            { MYSQL_PASSWORD: "p", S3_SECRET_KEY: "s" },
        );
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.equal(run.read("c.yml"), "p $(S3_SECRET_KEY)\n");
    });

    test("fails when a required env var is unset", () => {
        const run = runScript(vars, { "config.yml": template }, { MYSQL_PASSWORD: "p" });
        assert.notEqual(run.result.status, 0);
        assert.match(run.result.stderr, /S3_SECRET_KEY is not set/);
        assert.deepEqual(readdirSync(run.outputDir), [], "nothing is rendered");
    });

    test("fails when a required env var is empty", () => {
        const run = runScript(vars, { "config.yml": template }, { MYSQL_PASSWORD: "", S3_SECRET_KEY: "s" });
        assert.notEqual(run.result.status, 0);
        assert.match(run.result.stderr, /MYSQL_PASSWORD is not set/);
    });

    test("with no credentials it copies files verbatim", () => {
        const run = runScript([], { "config.yml": "url: sqlite://:@:/\n" }, {});
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.equal(run.read("config.yml"), "url: sqlite://:@:/\n");
    });

    test("the script itself never contains a value", () => {
        const script = configRenderScript(vars, "/config-template", "/config");
        assert.ok(script.startsWith("set -eu\n"));
        assert.ok(script.includes("/config-template/*"));
        assert.ok(script.includes('"/config/$(basename "$template")"'));
    });
});

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RawConfig, RawValue } from "../../components/config/configReader";
import { parseClusterConfig } from "../../components/config/parseClusterConfig";
import { loadStackFile, projectRoot } from "../helpers/stackFiles";

// Every ```sh block of README.md that runs `pulumi config set` must work as written, on its own, on both stacks.

/** What `pulumi config set --path` stores for a plain value (Pulumi's adjustObjectValue); secrets stay text. */
function storedByPath(value: string, secret: boolean, typeString: boolean): RawValue {
    if (secret || typeString) {
        return value;
    }
    if (value === "true" || value === "false") {
        return value === "true";
    }
    if (value.length > 1 && value.startsWith("0")) {
        return value;
    }
    return /^[+-]?[0-9]+$/.test(value) ? Number(value) : value;
}

/** The words of one shell command, with single quotes removed (the README uses no other quoting). */
const words = (command: string): string[] => [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);

/** `raw` with the value set at a dotted path, maps made on the way. */
function setPath(raw: RawConfig, dotted: string, value: RawValue): RawConfig {
    const out = structuredClone(raw);
    const parts = dotted.split(".");
    let current: { [key: string]: RawValue } = out;
    for (const part of parts.slice(0, -1)) {
        const next = current[part];
        const map = typeof next === "object" && next !== null && !Array.isArray(next) ? next : {};
        current[part] = map;
        current = map;
    }
    current[parts[parts.length - 1]] = value;
    return out;
}

/** Applies one `pulumi config set ...` command to `raw`. */
function applyConfigSet(raw: RawConfig, command: string): RawConfig {
    const [pulumi, config, set, ...all] = words(command);
    // `--stack <name>` picks the stack and says nothing about the value.
    const rest = all.filter((w, i) => w !== "--stack" && all[i - 1] !== "--stack");
    assert.deepEqual([pulumi, config, set], ["pulumi", "config", "set"], command);
    const flags = rest.filter((w) => w.startsWith("--"));
    const [key, value, ...extra] = rest.filter((w) => !w.startsWith("--") && w !== "string");
    assert.ok(key !== undefined && value !== undefined && extra.length === 0, `key and value in: ${command}`);
    assert.ok(flags.includes("--path") || !key.includes("."), `a nested key needs --path: ${command}`);
    return setPath(raw, key, storedByPath(value, flags.includes("--secret"), flags.includes("--type")));
}

const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .map((block) =>
        block
            .split("\n")
            .flatMap((line) => line.split("&&"))
            .map((command) => command.trim())
            .filter((command) => command.startsWith("pulumi config set")),
    )
    .filter((commands) => commands.length > 0);

describe("README.md: `pulumi config set` examples", () => {
    test("there are examples to check, and none with a placeholder", () => {
        assert.ok(blocks.length >= 4, `found ${blocks.length} blocks`);
        for (const command of blocks.flat()) {
            assert.doesNotMatch(command, /\.\.\.|</, command);
        }
    });

    test("`--path` storage as Pulumi does it: true/false and integers typed, 0.9 and 0123 as text", () => {
        assert.equal(storedByPath("true", false, false), true);
        assert.equal(storedByPath("2024", false, false), 2024);
        assert.equal(storedByPath("0.9", false, false), "0.9");
        assert.equal(storedByPath("0123", false, false), "0123");
        assert.equal(storedByPath("2024", true, false), "2024");
    });

    for (const stack of ["dev", "prod"]) {
        for (const commands of blocks) {
            test(`${stack}: ${commands.join("; ")}`, () => {
                const raw = commands.reduce(applyConfigSet, loadStackFile(stack));
                assert.doesNotThrow(() => parseClusterConfig(raw));
            });
        }
    }
});

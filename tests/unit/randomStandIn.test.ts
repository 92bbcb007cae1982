// The e2e tier's stand-in for pulumi-resource-random (e2e/random-provider): its provider object called directly,
// and its launcher started as the engine would start it, then spoken to over gRPC.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import * as readline from "node:readline";
import * as pulumi from "@pulumi/pulumi";
// Transitive dependencies of @pulumi/pulumi (its provider server is built on them); used here only as a client.
import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import {
    DEFAULT_SPECIAL_CHARS,
    RANDOM_PASSWORD_ID,
    RANDOM_PASSWORD_TOKEN,
    STAND_IN_VERSION,
    generatePassword,
    randomStandInProvider as provider,
    type PropertyMap,
} from "../../e2e/random-provider/provider";

const URN = `urn:pulumi:dev::milvus-cluster::milvus-cluster:backing:CredentialsSecret$${RANDOM_PASSWORD_TOKEN}::creds-password`;
const OTHER_URN = "urn:pulumi:dev::milvus-cluster::random:index/randomString:RandomString::s";
const LAUNCHER = path.resolve(__dirname, "../../e2e/random-provider/pulumi-resource-random");

/** What the program passes (components/backing/credentialsSecret.ts). */
const PROGRAM_INPUTS: PropertyMap = { length: 32, special: false };

async function checked(news: PropertyMap): Promise<PropertyMap> {
    const res = await provider.check(URN, {}, news);
    assert.deepEqual(res.failures, []);
    return res.inputs as PropertyMap;
}

async function created(news: PropertyMap): Promise<{ id: string; outs: PropertyMap; result: string }> {
    const res = await provider.create(URN, await checked(news));
    const outs = res.outs as PropertyMap;
    assert.equal(typeof outs["result"], "string");
    return { id: res.id, outs, result: outs["result"] as string };
}

async function failedProperties(news: PropertyMap): Promise<string[]> {
    const res = await provider.check(URN, {}, news);
    return (res.failures ?? []).map((f) => f.property);
}

function count(s: string, alphabet: string): number {
    return [...s].filter((c) => alphabet.includes(c)).length;
}

describe("random stand-in: check", () => {
    test("fills upstream's defaults and keeps what was given", async () => {
        assert.deepEqual(await checked(PROGRAM_INPUTS), {
            length: 32,
            special: false,
            upper: true,
            lower: true,
            numeric: true,
            number: true,
            minUpper: 0,
            minLower: 0,
            minNumeric: 0,
            minSpecial: 0,
        });
    });

    test("number (deprecated) and numeric follow each other", async () => {
        const a = await checked({ length: 8, number: false });
        assert.equal(a["numeric"], false);
        const b = await checked({ length: 8, numeric: false });
        assert.equal(b["number"], false);
        assert.deepEqual(await failedProperties({ length: 8, numeric: false, number: true }), ["numeric"]);
    });

    test("bad inputs are failures naming the property", async () => {
        assert.deepEqual(await failedProperties({}), ["length"]);
        assert.deepEqual(await failedProperties({ length: 0 }), ["length"]);
        assert.deepEqual(await failedProperties({ length: 2.5 }), ["length"]);
        assert.deepEqual(await failedProperties({ length: "32" }), ["length"]);
        assert.deepEqual(await failedProperties({ length: 8, minUpper: -1 }), ["minUpper"]);
        assert.deepEqual(await failedProperties({ length: 8, special: "no" }), ["special"]);
        assert.deepEqual(await failedProperties({ length: 8, keepers: { a: 1 } }), ["keepers"]);
        assert.deepEqual(await failedProperties({ length: 8, overrideSpecial: 5 }), ["overrideSpecial"]);
        assert.deepEqual(await failedProperties({ length: 8, lenght: 9 }), ["lenght"]);
        // The minimums must fit in the length.
        const tooShort = await provider.check(URN, {}, { length: 4, minUpper: 2, minLower: 2, minNumeric: 1 });
        assert.deepEqual(
            (tooShort.failures ?? []).map((f) => f.property),
            ["length"],
        );
        assert.match(tooShort.failures?.[0]?.reason ?? "", /minUpper \+ minLower \+ minNumeric \+ minSpecial \(5\)/);
        // Some character class must be enabled.
        const none = await provider.check(URN, {}, { length: 8, upper: false, lower: false, numeric: false, special: false });
        assert.equal(none.failures?.length, 1);
        assert.match(none.failures?.[0]?.reason ?? "", /at least one character class/);
    });

    test("unknown values (preview) are not validated, and pass through", async () => {
        const res = await provider.check(URN, {}, { length: pulumi.runtime.unknownValue, special: false });
        assert.deepEqual(res.failures, []);
        assert.equal((res.inputs as PropertyMap)["length"], pulumi.runtime.unknownValue);
    });

    test("output names sent as inputs are dropped", async () => {
        const inputs = await checked({ length: 8, result: "stale", bcryptHash: "x" });
        assert.equal("result" in inputs, false);
        assert.equal("bcryptHash" in inputs, false);
    });
});

describe("random stand-in: create", () => {
    test("the program's inputs give 32 letters and digits, ID 'none', inputs echoed", async () => {
        const { id, outs, result } = await created(PROGRAM_INPUTS);
        assert.match(result, /^[A-Za-z0-9]{32}$/);
        assert.equal(id, RANDOM_PASSWORD_ID);
        const { result: _omit, ...echoed } = outs;
        assert.deepEqual(echoed, await checked(PROGRAM_INPUTS));
    });

    test("two creates differ", async () => {
        const a = await created(PROGRAM_INPUTS);
        const b = await created(PROGRAM_INPUTS);
        assert.notEqual(a.result, b.result);
    });

    test("length and alphabet follow the inputs", async () => {
        for (let i = 0; i < 20; i++) {
            assert.match((await created({ length: 5, upper: false, numeric: false, special: false })).result, /^[a-z]{5}$/);
            assert.match((await created({ length: 7, lower: false, upper: false, special: false })).result, /^[0-9]{7}$/);
            assert.match(
                (await created({ length: 9, lower: false, upper: false, numeric: false, overrideSpecial: "_-" })).result,
                /^[_-]{9}$/,
            );
        }
        const specials = (await created({ length: 64, lower: false, upper: false, numeric: false })).result;
        assert.equal(count(specials, DEFAULT_SPECIAL_CHARS), 64);
        assert.equal(DEFAULT_SPECIAL_CHARS, "!@#$%&*()-_=+[]{}<>:?");
    });

    test("minimums are honoured, even when they fill the whole length", async () => {
        for (let i = 0; i < 50; i++) {
            const p = (await created({ length: 12, minUpper: 3, minLower: 3, minNumeric: 3, minSpecial: 3 })).result;
            assert.equal(p.length, 12);
            assert.ok(count(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") >= 3, p);
            assert.ok(count(p, "abcdefghijklmnopqrstuvwxyz") >= 3, p);
            assert.ok(count(p, "0123456789") >= 3, p);
            assert.ok(count(p, DEFAULT_SPECIAL_CHARS) >= 3, p);
        }
        // A minimum for a disabled class is ignored, as upstream does.
        assert.match((await created({ length: 6, special: false, minSpecial: 2 })).result, /^[A-Za-z0-9]{6}$/);
    });

    test("the minimums are shuffled in, not left at the front", () => {
        const firsts = new Set<string>();
        for (let i = 0; i < 200; i++) {
            const p = generatePassword({
                length: 10,
                upper: true,
                lower: true,
                numeric: true,
                special: false,
                minUpper: 0,
                minLower: 0,
                minNumeric: 5,
                minSpecial: 0,
            });
            firsts.add(/[0-9]/.test(p[0]) ? "digit" : "letter");
        }
        assert.deepEqual([...firsts].sort(), ["digit", "letter"]);
    });

    test("secret inputs are honoured and echoed still secret", async () => {
        const secret = (value: unknown): PropertyMap => ({
            [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
            value,
        });
        const res = await provider.create(URN, await checked({ length: secret(6), special: false, keepers: secret({ a: "b" }) }));
        const outs = res.outs as PropertyMap;
        assert.match(outs["result"] as string, /^[A-Za-z0-9]{6}$/);
        assert.deepEqual(outs["keepers"], secret({ a: "b" }));
    });
});

describe("random stand-in: diff", () => {
    test("the same inputs: no change (also when the engine sends result as a secret)", async () => {
        const { outs } = await created(PROGRAM_INPUTS);
        assert.deepEqual(await provider.diff(RANDOM_PASSWORD_ID, URN, outs, await checked(PROGRAM_INPUTS)), { changes: false });
        const asStored: PropertyMap = {
            ...outs,
            result: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: outs["result"] },
        };
        assert.deepEqual(await provider.diff(RANDOM_PASSWORD_ID, URN, asStored, await checked(PROGRAM_INPUTS)), { changes: false });
    });

    test("any changed input: replace, listing it, create before delete", async () => {
        const base: PropertyMap = { length: 16, keepers: { rotation: "1" } };
        const { outs } = await created(base);
        const changes: Array<[PropertyMap, string[]]> = [
            [{ ...base, length: 17 }, ["length"]],
            [{ ...base, special: false }, ["special"]],
            [{ ...base, upper: false }, ["upper"]],
            [{ ...base, lower: false }, ["lower"]],
            [{ ...base, numeric: false }, ["numeric", "number"]],
            [{ ...base, minUpper: 1 }, ["minUpper"]],
            [{ ...base, minLower: 1 }, ["minLower"]],
            [{ ...base, minNumeric: 1 }, ["minNumeric"]],
            [{ ...base, minSpecial: 1 }, ["minSpecial"]],
            [{ ...base, overrideSpecial: "!" }, ["overrideSpecial"]],
            [{ ...base, keepers: { rotation: "2" } }, ["keepers"]],
            [{ length: 16 }, ["keepers"]],
        ];
        for (const [news, keys] of changes) {
            const d = await provider.diff(RANDOM_PASSWORD_ID, URN, outs, await checked(news));
            assert.deepEqual(d, { changes: true, replaces: keys, deleteBeforeReplace: false }, JSON.stringify(news));
        }
    });

    test("an unknown new input (preview) is a replace", async () => {
        const { outs } = await created(PROGRAM_INPUTS);
        const news = (await provider.check(URN, {}, { length: pulumi.runtime.unknownValue, special: false })).inputs as PropertyMap;
        const d = await provider.diff(RANDOM_PASSWORD_ID, URN, outs, news);
        assert.deepEqual(d.replaces, ["length"]);
    });
});

describe("random stand-in: everything else", () => {
    test("unknown type tokens fail loudly, naming the token and the stand-in", async () => {
        const expected = /random:index\/randomString:RandomString.*STAND-IN|STAND-IN.*random:index\/randomString:RandomString/s;
        await assert.rejects(provider.check(OTHER_URN, {}, { length: 8 }), expected);
        await assert.rejects(provider.diff("x", OTHER_URN, {}, {}), expected);
        await assert.rejects(provider.create(OTHER_URN, { length: 8 }), expected);
        await assert.rejects(provider.read("x", OTHER_URN, {}), expected);
        await assert.rejects(provider.delete("x", OTHER_URN, {}), expected);
        await assert.rejects(provider.check(OTHER_URN, {}, {}), /serves only random:index\/randomPassword:RandomPassword/);
        await assert.rejects(provider.invoke("random:index/getFoo:getFoo", {}), /getFoo.*not served/);
    });

    test("update is refused (every input forces replacement)", async () => {
        await assert.rejects(provider.update("none", URN, { length: 8 }, { length: 9 }), /never valid.*changed: length/s);
    });

    test("refresh keeps the state; import takes the ID as the password", async () => {
        const { outs } = await created(PROGRAM_INPUTS);
        assert.deepEqual(await provider.read(RANDOM_PASSWORD_ID, URN, outs), { id: RANDOM_PASSWORD_ID, props: outs });
        const imported = await provider.read("s3cr3t-Pw", URN, {});
        assert.equal((imported.props as PropertyMap)["result"], "s3cr3t-Pw");
        assert.equal((imported.inputs as PropertyMap)["length"], 9);
    });

    test("version is the pinned @pulumi/random version", () => {
        assert.equal(provider.version, "4.21.2");
        assert.equal(STAND_IN_VERSION, require("@pulumi/random/package.json").version);
        assert.ok(JSON.parse(provider.schema).resources[RANDOM_PASSWORD_TOKEN]);
    });
});

// ---------------------------------------------------------------------------------------------------------------
// The launcher, as the engine runs it: from an unrelated cwd, engine-style arguments, port on stdout, then gRPC.

type Callback<Res> = (err: grpc.ServiceError | null, res: Res) => void;

/** Promisifies one unary gRPC call: `unary<Res>((cb) => client.method(req, cb))`. */
function unary<Res>(start: (cb: Callback<Res>) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
        start((err, res) => (err ? reject(err) : resolve(res)));
    });
}

describe("random stand-in: launcher", () => {
    test("prints only its port on stdout, then serves check/create/diff over gRPC", { timeout: 30_000 }, async () => {
        const child = spawn(LAUNCHER, ["--logtostderr", "-v=1", "127.0.0.1:1"], {
            cwd: "/",
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        try {
            const lines = readline.createInterface({ input: child.stdout });
            const firstLine = await new Promise<string>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no port line within 15 s; stderr: ${stderr}`)), 15_000);
                lines.once("line", (line) => {
                    clearTimeout(timer);
                    resolve(line);
                });
                child.once("exit", (code) => reject(new Error(`launcher exited (${code}) before a port; stderr: ${stderr}`)));
            });
            assert.match(firstLine, /^\d+$/, "the first stdout line must be the bare port");
            const extraStdout: string[] = [];
            lines.on("line", (line) => extraStdout.push(line));

            const client = new provrpc.ResourceProviderClient(`127.0.0.1:${firstLine}`, grpc.credentials.createInsecure());
            try {
                const info = await unary<PluginInfo>((cb) => client.getPluginInfo(new emptyproto.Empty(), cb));
                assert.equal(info.getVersion(), "4.21.2");

                const checkReq = new provproto.CheckRequest();
                checkReq.setUrn(URN);
                checkReq.setOlds(structproto.Struct.fromJavaScript({}));
                checkReq.setNews(structproto.Struct.fromJavaScript({ length: 32, special: false }));
                const checkRes = await unary<provproto.CheckResponse>((cb) => client.check(checkReq, cb));
                assert.equal(checkRes.getFailuresList().length, 0);
                const inputs = checkRes.getInputs();
                assert.ok(inputs);
                assert.equal(inputs.toJavaScript()["upper"], true);

                const createReq = new provproto.CreateRequest();
                createReq.setUrn(URN);
                createReq.setProperties(inputs);
                const createRes = await unary<provproto.CreateResponse>((cb) => client.create(createReq, cb));
                assert.equal(createRes.getId(), "none");
                const props = createRes.getProperties();
                assert.ok(props);
                assert.match(String(props.toJavaScript()["result"]), /^[A-Za-z0-9]{32}$/);

                const diffReq = new provproto.DiffRequest();
                diffReq.setId("none");
                diffReq.setUrn(URN);
                diffReq.setOlds(props);
                diffReq.setNews(inputs);
                const diffRes = await unary<provproto.DiffResponse>((cb) => client.diff(diffReq, cb));
                assert.equal(diffRes.getChanges(), provproto.DiffResponse.DiffChanges.DIFF_NONE);

                const badReq = new provproto.CheckRequest();
                badReq.setUrn(OTHER_URN);
                badReq.setOlds(structproto.Struct.fromJavaScript({}));
                badReq.setNews(structproto.Struct.fromJavaScript({ length: 8 }));
                await assert.rejects(
                    unary<provproto.CheckResponse>((cb) => client.check(badReq, cb)),
                    /random:index\/randomString:RandomString.*not served/,
                );
            } finally {
                client.close();
            }
            assert.deepEqual(extraStdout, [], "nothing but the port may reach stdout");
        } finally {
            child.kill("SIGTERM");
            await exited;
        }
    });
});

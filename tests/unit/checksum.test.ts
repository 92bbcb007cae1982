import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { configChecksum } from "../../components/render/checksum";

const data = { "config.yml": "server_config:\n  port: 19530\n", "log.conf": "* GLOBAL:\n" };

describe("configChecksum", () => {
    test("64 lower-case hex characters", () => {
        assert.match(configChecksum(data), /^[0-9a-f]{64}$/);
    });

    test("the same data gives the same digest, whatever the key order", () => {
        const reordered = { "log.conf": "* GLOBAL:\n", "config.yml": "server_config:\n  port: 19530\n" };
        assert.equal(configChecksum(data), configChecksum(reordered));
        assert.equal(configChecksum(data), configChecksum({ ...data }));
    });

    test("is the documented sha256 of sorted key\\0value\\0 pairs", () => {
        const expected = createHash("sha256").update("config.yml\0server_config:\n  port: 19530\n\0log.conf\0* GLOBAL:\n\0").digest("hex");
        assert.equal(configChecksum(data), expected);
    });

    test("changes when any value changes", () => {
        const base = configChecksum(data);
        assert.notEqual(configChecksum({ ...data, "config.yml": "server_config:\n  port: 19531\n" }), base);
        assert.notEqual(configChecksum({ ...data, "log.conf": "* GLOBAL:\n " }), base);
    });

    test("changes when a key is renamed, added or removed", () => {
        const base = configChecksum(data);
        assert.notEqual(configChecksum({ "server.yml": data["config.yml"], "log.conf": data["log.conf"] }), base);
        assert.notEqual(configChecksum({ ...data, extra: "" }), base);
        assert.notEqual(configChecksum({ "config.yml": data["config.yml"] }), base);
    });

    test("key/value boundaries cannot be shifted", () => {
        assert.notEqual(configChecksum({ a: "bc" }), configChecksum({ ab: "c" }));
        assert.notEqual(configChecksum({ a: "", b: "c" }), configChecksum({ a: "b", c: "" }));
    });

    test("empty data has a fixed digest (sha256 of nothing)", () => {
        assert.equal(configChecksum({}), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    });
});

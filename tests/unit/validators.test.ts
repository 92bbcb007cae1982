import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { cidr, dnsLabel, hostAndPort, kubernetesQuantity, pinnedImage, urlSafeCredential } from "../../components/config/validators";

type Check = (value: string) => string | undefined;

/** Asserts `check` accepts every value of `good` and refuses (with a message) every value of `bad`. */
function table(name: string, check: Check, good: readonly string[], bad: readonly string[]): void {
    describe(name, () => {
        for (const value of good) {
            test(`accepts ${JSON.stringify(value)}`, () => {
                assert.equal(check(value), undefined);
            });
        }
        for (const value of bad) {
            test(`refuses ${JSON.stringify(value)}`, () => {
                const complaint = check(value);
                assert.equal(typeof complaint, "string");
                assert.match(complaint ?? "", /^expected /);
            });
        }
    });
}

table(
    "dnsLabel",
    dnsLabel,
    ["milvus", "a", "milvus-prod-1", "0abc", "a".repeat(63)],
    ["Milvus_Prod", "-x", "x-", "a.b", "", "MILVUS", "milvus prod", "a".repeat(64)],
);

table(
    "kubernetesQuantity",
    kubernetesQuantity,
    ["500m", "2Gi", "1.5", "1e3", "4", "512Mi", "20Gi", "1k", "0.5", "+1"],
    ["2GB", "abc", "", "Gi", "1 Gi", "-1", "1.5.2", "2gi"],
);

const digest = "a".repeat(64);
table(
    "pinnedImage",
    pinnedImage,
    [
        "milvus:0.3.1",
        "registry.zilliz.com/milvus/engine:0.3.1",
        "reg:5000/x/y:1.0",
        "busybox:1.37.0",
        `nginx@sha256:${digest}`,
        `reg:5000/x/y:1.0@sha256:${digest}`,
        "minio/mc:RELEASE.2024-11-21T17-21-54Z",
    ],
    ["reg:5000/x/y", "x:latest", "milvus", "reg:5000/x/y:latest", "x:", "x: 1", `nginx@sha256:${"a".repeat(63)}`, "x:-1"],
);

table(
    "cidr",
    cidr,
    ["10.0.0.0/8", "0.0.0.0/0", "192.168.1.0/24", "203.0.113.7/32"],
    ["10.0.0.0", "10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "256.0.0.0/8", "10.0.0.0/8/1", "::/0", "a.b.c.d/8"],
);

table(
    "hostAndPort",
    hostAndPort,
    ["s3.amazonaws.com", "minio:9000", "10.0.0.5:9000", "S3.Example.com:443", "milvus-minio"],
    ["http://minio:9000", "minio:0", "minio:65536", "minio:", "a:1:2", "bad_host", "", "minio:90a"],
);

table(
    "urlSafeCredential",
    urlSafeCredential,
    ["abc", "abc-DEF_1.2~", "milvus", "0"],
    ["p@ss", "a:b", "a/b", "a b", "", "100%", "pässword", "a#b", "a?b"],
);

describe("validator messages", () => {
    test("each says what is allowed", () => {
        assert.match(dnsLabel("X") ?? "", /DNS-1123 label/);
        assert.match(kubernetesQuantity("lots") ?? "", /Kubernetes quantity/);
        assert.match(pinnedImage("x:latest") ?? "", /pinned/);
        assert.match(cidr("x") ?? "", /CIDR/);
        assert.match(hostAndPort("http://x") ?? "", /host:port/);
        assert.match(urlSafeCredential("a@b") ?? "", /letters, digits/);
    });
});

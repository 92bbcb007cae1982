import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    AnalyzeRequest,
    AnalyzeResponse,
    AnalyzerInfo,
    AnalyzerResource,
    AnalyzerResourceOptions,
    AnalyzeStackRequest,
    ConfigureAnalyzerRequest,
    EnforcementLevel,
    PolicyConfig,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { DeclaredObject } from "../../policy/checkObjects";
import { allPolicyNames } from "../../policy/lib/policyNames";
import { deployment, declared, defaultNamespace } from "./fixtures";

// The pack as the engine runs it: policy/run-pack.sh starts index.ts under @pulumi/pulumi's run-policy-pack
// (TypeScript through its ts-node), which serves the Analyzer gRPC service; this test is the engine's side.

const packDir = join(__dirname, "..", "..", "policy");
const packVersion = (JSON.parse(readFileSync(join(packDir, "package.json"), "utf8")) as { version: string }).version;

let pack: ChildProcess | undefined;
let client: AnalyzerClient;

/** Waits for the first line the pack prints: the port of its gRPC server. */
const startPack = (): Promise<string> =>
    new Promise((resolve, reject) => {
        const child = spawn(join(packDir, "run-pack.sh"), ["127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
        pack = child;
        let stderr = "";
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.once("exit", (code) => reject(new Error(`the pack exited (${code}) before serving:\n${stderr}`)));
    });

const call = <Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r?: Res) => void) => unknown, req: Req): Promise<Res> =>
    new Promise((resolve, reject) =>
        method.call(client, req, (e, r) => (e !== null || r === undefined ? reject(e ?? new Error("no response")) : resolve(r))),
    );

const urnOf = (o: DeclaredObject): string => `urn:pulumi:test::milvus-cluster::${o.type}::${o.name}`;

const options = (protect: boolean): AnalyzerResourceOptions => new AnalyzerResourceOptions().setProtect(protect);

const analyze = (o: DeclaredObject): Promise<AnalyzeResponse> =>
    call(
        client.analyze,
        new AnalyzeRequest()
            .setType(o.type)
            .setName(o.name)
            .setUrn(urnOf(o))
            .setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(o.props))))
            .setOptions(options(o.protect ?? false)),
    );

/** Policy name, URN and message of each diagnostic. */
const diagnostics = (response: AnalyzeResponse): { policy: string; urn: string; message: string; level: EnforcementLevel }[] =>
    response.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        urn: d.getUrn(),
        message: d.getMessage(),
        level: d.getEnforcementlevel(),
    }));

const claim = declared("kubernetes:core/v1:PersistentVolumeClaim", "milvus-volumes-data", {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: "milvus-data-disk", namespace: defaultNamespace },
    spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "10Gi" } } },
});

describe("the pack under the engine's protocol", { timeout: 120_000 }, () => {
    before(async () => {
        const port = await startPack();
        assert.match(port, /^\d+$/, `the pack printed ${port} instead of its port`);
        client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack?.kill();
    });

    test("it serves the pack milvus-cluster at the package's version with all 15 policies, mandatory", async () => {
        const info = await call<Empty, AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
        assert.equal(info.getName(), "milvus-cluster");
        assert.equal(info.getVersion(), packVersion);
        const policies = info.getPoliciesList();
        assert.equal(policies.length, 15);
        assert.deepEqual(policies.map((p) => p.getName()).sort(), [...allPolicyNames].sort());
        assert.ok(policies.every((p) => p.getEnforcementlevel() === EnforcementLevel.MANDATORY));
        const schema = policies.find((p) => p.getName() === "backing-services-isolated")?.getConfigschema();
        assert.deepEqual(schema?.getProperties()?.toJavaScript().requireNetworkPolicies, {
            type: "boolean",
            default: false,
            description: "Require default-deny ingress per namespace and pod-only ingress to backing services.",
        });
    });

    test("Analyze reports a violation against the resource, and none for a compliant one", async () => {
        const floating = deployment({ name: "milvus-flower", edit: (s) => void (s.containers[0].image = "mher/flower:latest") });
        assert.deepEqual(diagnostics(await analyze(deployment())), []);
        const found = diagnostics(await analyze(floating));
        assert.deepEqual(
            found.map((d) => [d.policy, d.level]),
            [["pinned-images", EnforcementLevel.MANDATORY]],
        );
        assert.match(found[0].message, /Deployment milvus\/milvus-flower: container "app": image "mher\/flower:latest" is tagged latest/);
    });

    test("AnalyzeStack attaches a stack violation to the resource's URN", async () => {
        const proxy = deployment({ name: "milvus-proxy", component: "proxy" });
        const resource = new AnalyzerResource()
            .setType(proxy.type)
            .setName(proxy.name)
            .setUrn(urnOf(proxy))
            .setProperties(Struct.fromJavaScript(JSON.parse(JSON.stringify(proxy.props))))
            .setOptions(options(false));
        const found = diagnostics(await call(client.analyzeStack, new AnalyzeStackRequest().setResourcesList([resource])));
        assert.deepEqual(
            found.map((d) => [d.policy, d.urn]),
            [["disruption-budgets", urnOf(proxy)]],
        );
    });

    test("the config in prod.json, sent by Configure, turns stateful-data-protected on", async () => {
        assert.deepEqual(diagnostics(await analyze(claim)), []);
        const prod = JSON.parse(readFileSync(join(packDir, "prod.json"), "utf8")) as Record<string, Record<string, boolean>>;
        const request = new ConfigureAnalyzerRequest();
        for (const [policy, settings] of Object.entries(prod)) {
            request
                .getPolicyconfigMap()
                .set(
                    policy,
                    new PolicyConfig().setEnforcementlevel(EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript(settings)),
                );
        }
        await call(client.configure, request);
        const found = diagnostics(await analyze(claim));
        assert.deepEqual(
            found.map((d) => d.policy),
            ["stateful-data-protected"],
        );
        assert.deepEqual(diagnostics(await analyze({ ...claim, protect: true })), []);
    });
});

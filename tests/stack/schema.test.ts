// Every declared object validates against the Kubernetes OpenAPI schema (kubernetes-models ships the upstream
// schemas as compiled validators: types, required fields, enums and formats). Unknown fields are caught earlier,
// by tsc's excess-property checks on the @pulumi/kubernetes input types the components are written against.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { allObjects } from "../helpers/kubeQueries";
import { KubeObject, RenderedStack, renderStack } from "../helpers/renderStack";
import { scenarios } from "../helpers/scenarios";

interface Model {
    validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** CRD kinds the upstream schemas do not cover. */
const customResourceKinds = new Set(["monitoring.coreos.com/v1/ServiceMonitor"]);

/** `apps/v1` + `Deployment` -> the kubernetes-models module that holds its schema. */
const modulePath = (apiVersion: string, kind: string): string => `kubernetes-models/${apiVersion}/${kind}`;

const models = new Map<string, ModelClass>();
async function modelFor(object: KubeObject): Promise<ModelClass> {
    const path = modulePath(object.apiVersion, object.kind);
    let model = models.get(path);
    if (model === undefined) {
        const loaded = (await import(path)) as Record<string, ModelClass>;
        model = loaded[object.kind];
        assert.ok(model, `no schema for ${object.apiVersion} ${object.kind}`);
        models.set(path, model);
    }
    return model;
}

test("the validator rejects an object that breaks the schema", async () => {
    const broken: KubeObject = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "x" },
        spec: { selector: {}, template: { spec: { containers: [{ image: "x:1" }] } } },
    };
    const Model = await modelFor(broken);
    assert.throws(() => new Model(broken).validate(), /name/);
});

for (const [scenario, config] of Object.entries(scenarios)) {
    describe(`OpenAPI schema: ${scenario}`, () => {
        let stack: RenderedStack;
        before(async () => {
            stack = await renderStack(config());
        });

        test("every object validates", async () => {
            let validated = 0;
            for (const object of allObjects(stack)) {
                if (customResourceKinds.has(`${object.apiVersion}/${object.kind}`)) {
                    continue;
                }
                const Model = await modelFor(object);
                assert.doesNotThrow(() => new Model(object).validate(), `${object.kind} ${object.metadata?.name}`);
                validated += 1;
            }
            assert.ok(validated >= 5, `validated only ${validated} objects`);
        });
    });
}

// Flower (release 0.4, cluster mode) as its own source runs it, read at mher/flower tag v2.0.1 (the pinned image
// mher/flower:2.0.1) and celery/celery tag v5.3.1:
// - Dockerfile: `pip install redis flower`, `CMD ["celery", "flower"]`, EXPOSE 5555, USER flower;
// - setup.py:64-68: flower is the `celery.commands` entry point `flower`, which `celery flower` loads
//   (celery v5.3.1 celery/bin/celery.py:80-88);
// - flower/command.py:32-42: the command passes unknown arguments to tornado's option parser, so `--port=5555`
//   sets the option `port` (flower/options.py:10, default 5555);
// - flower/urls.py:56: `/healthcheck` is served by monitor.Healthcheck (flower/views/monitor.py:12-14, "OK");
// - the broker: no `-A` app is given, so Celery's default app reads `CELERY_BROKER_URL` from the environment
//   (celery v5.3.1 celery/app/utils.py:103). Which celery 5.x the published image holds is not pinned by its
//   Dockerfile; the variable has been read there since Celery 4.
// Proves what the pod declares, not that the image starts (no container runs here).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { envValue, podSpec } from "../helpers/kubeQueries";
import { findObject, kubernetesObjects, renderStack, RenderedStack } from "../helpers/renderStack";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

describe("Flower as mher/flower v2.0.1 runs it", () => {
    let stack: RenderedStack;
    before(async () => {
        stack = await renderStack(loadStackFile("seed"));
    });

    test("runs `celery flower --port=5555` from the pinned image, probed on /healthcheck", () => {
        const flower = findObject(stack, "Deployment", "milvus-flower");
        const [container] = podSpec(flower).containers;
        assert.equal(container.image, "mher/flower:2.0.1");
        assert.deepEqual(container.command, ["celery", "flower", "--port=5555"]);
        assert.deepEqual(container.ports, [{ name: "http", containerPort: 5555 }]);
        for (const probe of [container.readinessProbe, container.livenessProbe]) {
            assert.deepEqual(probe?.httpGet, { path: "/healthcheck", port: "http" });
        }
    });

    test("reads the broker from CELERY_BROKER_URL, the password from the broker's Secret", () => {
        const flower = findObject(stack, "Deployment", "milvus-flower");
        assert.equal(envValue(flower, "CELERY_BROKER_URL"), "redis://:$(BROKER_PASSWORD)@milvus-redis:6379/0");
        const password = podSpec(flower).containers[0].env?.find((e) => e.name === "BROKER_PASSWORD");
        assert.deepEqual(password?.valueFrom?.secretKeyRef, { name: "milvus-redis-credentials", key: "password" });
    });

    test("its Service serves port 5555; flower.enabled false declares neither", async () => {
        const service = findObject(stack, "Service", "milvus-flower");
        assert.deepEqual((service.spec as { ports: unknown[] }).ports, [{ name: "http", port: 5555, targetPort: "http" }]);
        const off = await renderStack(withOverrides(loadStackFile("seed"), { flower: { enabled: false } }));
        const flowerObjects = kubernetesObjects(off).filter(
            (r) => (r.inputs as { metadata?: { name?: string } }).metadata?.name === "milvus-flower",
        );
        assert.deepEqual(flowerObjects, []);
    });
});

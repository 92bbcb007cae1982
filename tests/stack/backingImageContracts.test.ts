// The env names and values, args and mount paths rendered for the images the stack runs beside Milvus, checked
// against each image's own source at the tag defaults.ts pins. Where a line below cites a repository, it was read
// at the commit or tag given (git show <rev>:<path>), and the line numbers are that file's.
//
// The Docker official images (mysql, postgres, mongo, rabbitmq, redis) are built from docker-library
// repositories that are not tagged per image version: each citation names the commit that last set the pinned
// version in that line's directory (or, for redis, the newest commit stored here). It is the library's
// entrypoint and Dockerfile for that line as of that commit, not necessarily byte-identical to what the pinned
// image was built from.
//
// A new flavor, or a new pinned tag in defaults.ts, fails "the expectation table covers..." until its source has
// been read again and the table updated.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import * as flavorModule from "../../components/backing/backingServiceFlavors";
import { BackingServiceFlavor } from "../../components/backing/backingServiceFlavors";
import { defaultImages, defaultServiceImages } from "../../components/config/defaults";
import { componentLabels } from "../../components/kube/labels";
import { mainContainer, objectsOfKind, podSpec } from "../helpers/kubeQueries";
import { findObject, KubeObject, renderStack, RenderedStack } from "../helpers/renderStack";
import { scenarios } from "../helpers/scenarios";
import { loadStackFile, withOverrides } from "../helpers/stackFiles";

type EnvVar = k8s.types.input.core.v1.EnvVar;
type Container = k8s.types.output.core.v1.Container;
type Volume = k8s.types.output.core.v1.Volume;

const fromSecret = (name: string, secret: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
const mountsOf = (container: Container): Record<string, string> =>
    Object.fromEntries((container.volumeMounts ?? []).map((m) => [m.name, m.mountPath]));

const scenarioNames = {
    dev: "dev",
    rabbitmqPostgres: "seed line: RabbitMQ broker, PostgreSQL results",
    mongoMysqlRedis: "seed line: MongoDB broker, MySQL results, persistent Redis",
    minio: "release 1.1 on MinIO",
} as const;
type ScenarioKey = keyof typeof scenarioNames;

/** What the source of one official image reads, as the stack must render it. */
interface OfficialImageContract {
    /** The tag the citations were read for: must equal defaults.ts. */
    image: string;
    /** A scenario that renders this server in the cluster. */
    scenario: ScenarioKey;
    env: EnvVar[];
    args?: string[];
    /** The image's `VOLUME`, where the `data` volume is mounted. */
    dataPath: string;
    /** The image's service user (UID = GID). */
    runAsUser: number;
}

/** One entry per flavor in components/backing/backingServiceFlavors.ts, keyed by its component. */
const officialImages: Record<string, OfficialImageContract> = {
    // docker-library/mysql 9678ed1d27794ae9529c43b4411e30f981ce39ea ("Update 5.7 to 5.7.44"; 5.7 was removed
    // from the repository afterwards, in 3e959c22):
    //   5.7/docker-entrypoint.sh:252-255  file_env MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD
    //   5.7/docker-entrypoint.sh:311      ALTER USER 'root'@'localhost' IDENTIFIED BY '${MYSQL_ROOT_PASSWORD}'
    //   5.7/docker-entrypoint.sh:328-330  CREATE DATABASE IF NOT EXISTS `$MYSQL_DATABASE`
    //   5.7/docker-entrypoint.sh:333-339  CREATE USER '$MYSQL_USER'@'%' IDENTIFIED BY '$MYSQL_PASSWORD'; GRANT ALL ON that database
    //   5.7/docker-entrypoint.sh:396-398  gosu mysql only when started as UID 0
    //   5.7/Dockerfile.oracle:10-11       groupadd --gid 999 mysql; useradd --uid 999 --gid 999 mysql
    //   5.7/Dockerfile.oracle:125         VOLUME /var/lib/mysql
    mysql: {
        image: "mysql:5.7.44",
        scenario: "dev",
        env: [
            fromSecret("MYSQL_ROOT_PASSWORD", "milvus-mysql-credentials", "root-password"),
            { name: "MYSQL_DATABASE", value: "milvus" },
            { name: "MYSQL_USER", value: "milvus" },
            fromSecret("MYSQL_PASSWORD", "milvus-mysql-credentials", "password"),
        ],
        dataPath: "/var/lib/mysql",
        runAsUser: 999,
    },
    // docker-library/postgres 960ebdf14ef92d328588e77af2a879c63e577e96 ("Update 16 to 16.6"):
    //   16/bookworm/docker-entrypoint.sh:224-227  file_env POSTGRES_PASSWORD, POSTGRES_USER (default postgres), POSTGRES_DB
    //   16/bookworm/docker-entrypoint.sh:92       initdb --username="$POSTGRES_USER" --pwfile=<(... "$POSTGRES_PASSWORD")
    //   16/bookworm/docker-entrypoint.sh:205-214  CREATE DATABASE :"db" from POSTGRES_DB
    //   16/bookworm/docker-entrypoint.sh:39-41    mkdir -p "$PGDATA"; chmod 00700 "$PGDATA" (the subdirectory is made)
    //   16/bookworm/docker-entrypoint.sh:311-313  gosu postgres only when started as UID 0
    //   16/bookworm/Dockerfile:11,13              groupadd -r postgres --gid=999; useradd -r -g postgres --uid=999
    //   16/bookworm/Dockerfile:185,188            ENV PGDATA /var/lib/postgresql/data; VOLUME /var/lib/postgresql/data
    // docker-library/docs 4b8460356aa2dafadad6f1fc63965a6be7132c94 (the last text before the 18-GA rewrite)
    //   postgres/content.md:105,113  a mountpoint holding lost+found needs PGDATA in a subdirectory (/var/lib/postgresql/data/pgdata)
    postgresql: {
        image: "postgres:16.6",
        scenario: "rabbitmqPostgres",
        env: [
            { name: "POSTGRES_USER", value: "milvus" },
            fromSecret("POSTGRES_PASSWORD", "milvus-postgresql-credentials", "password"),
            { name: "POSTGRES_DB", value: "celery" },
            { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
        ],
        dataPath: "/var/lib/postgresql/data",
        runAsUser: 999,
    },
    // docker-library/mongo 72916ee710ba8eef042048bdabda8302a0912a81 ("Update 7.0 to 7.0.16"):
    //   7.0/docker-entrypoint.sh:12-22    gosu mongodb only when started as UID 0
    //   7.0/docker-entrypoint.sh:242      dbPath defaults to /data/db
    //   7.0/docker-entrypoint.sh:248-249  file_env MONGO_INITDB_ROOT_USERNAME, MONGO_INITDB_ROOT_PASSWORD
    //   7.0/docker-entrypoint.sh:371-380  creates that root user in the `admin` database (hence ?authSource=admin)
    //   7.0/docker-entrypoint.sh:383-389  MONGO_INITDB_DATABASE (default test): the database the init *.js scripts
    //                                     run against; the entrypoint creates no database from it
    //   7.0/Dockerfile:11-12              groupadd --gid 999 mongodb; useradd --uid 999 mongodb
    //   7.0/Dockerfile:111                VOLUME /data/db /data/configdb
    mongodb: {
        image: "mongo:7.0.16",
        scenario: "mongoMysqlRedis",
        env: [
            { name: "MONGO_INITDB_ROOT_USERNAME", value: "milvus" },
            fromSecret("MONGO_INITDB_ROOT_PASSWORD", "milvus-mongodb-credentials", "password"),
            { name: "MONGO_INITDB_DATABASE", value: "celery" },
        ],
        dataPath: "/data/db",
        runAsUser: 999,
    },
    // rabbitmq/rabbitmq-server tag v3.13.7 (52b38439e5175ba6dc4c722c88fa43860638f559):
    //   deps/rabbit_common/src/rabbit_env.erl:55-57      RABBITMQ_DEFAULT_PASS, _USER, _VHOST among the variables read
    //   deps/rabbit_common/src/rabbit_env.erl:1461-1486  default_vhost/default_user/default_pass from those variables
    // docker-library/rabbitmq 15c35230e38494fcb064d9a9933735fbce22c1d9 ("Update 3.13 to 3.13.7"; 4fe4142e rebuilt
    // it in 2025) — its entrypoint no longer handles these variables itself, the server reads them:
    //   3.13/ubuntu/docker-entrypoint.sh:5-10  gosu rabbitmq only when started as UID 0
    //   3.13/ubuntu/Dockerfile:213             ENV RABBITMQ_DATA_DIR /var/lib/rabbitmq
    //   3.13/ubuntu/Dockerfile:232-233         groupadd --gid 999 rabbitmq; useradd --uid 999 rabbitmq
    //   3.13/ubuntu/Dockerfile:312,314         ENV HOME $RABBITMQ_DATA_DIR; VOLUME $RABBITMQ_DATA_DIR
    rabbitmq: {
        image: "rabbitmq:3.13.7",
        scenario: "rabbitmqPostgres",
        env: [
            { name: "RABBITMQ_DEFAULT_USER", value: "milvus" },
            fromSecret("RABBITMQ_DEFAULT_PASS", "milvus-rabbitmq-credentials", "password"),
            { name: "RABBITMQ_DEFAULT_VHOST", value: "milvus" },
        ],
        dataPath: "/var/lib/rabbitmq",
        runAsUser: 999,
    },
    // redis/redis tag 7.2.6 (ae6a2aa95cd094b032e7a69b8b59f64dd1ed085f; 7.2.7 is not in the stored snapshot):
    //   src/config.c:3086       createBoolConfig("appendonly", ...)
    //   src/config.c:3128       createSDSConfig("requirepass", ...)
    //   src/server.c:7166-7190  `--name value` command-line options are read as config directives
    // docker-library/redis e92049967d6baa9b4b3d6fd950553e6458e61f13 (the newest commit stored here; its 7.2 line is
    // at 7.2.5, not 7.2.7):
    //   7.2/debian/docker-entrypoint.sh:6-8    a first argument starting with `-` gets `redis-server` prepended
    //   7.2/debian/docker-entrypoint.sh:11-14  gosu redis only when started as UID 0
    //   7.2/debian/Dockerfile:11-12            groupadd -r -g 999 redis; useradd -r -g redis -u 999 redis
    //   7.2/debian/Dockerfile:142-144          mkdir /data; VOLUME /data; WORKDIR /data (the append-only file lands there)
    // The password reaches the args as $(REDIS_PASSWORD), which Kubernetes expands from the container's env.
    redis: {
        image: "redis:7.2.7",
        scenario: "mongoMysqlRedis",
        env: [fromSecret("REDIS_PASSWORD", "milvus-redis-credentials", "password")],
        args: ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes"],
        dataPath: "/data",
        runAsUser: 999,
    },
};

const flavors: BackingServiceFlavor[] = Object.values(flavorModule).filter(
    (value): value is BackingServiceFlavor => typeof value === "object" && value !== null && "typeToken" in value,
);

const stacks = new Map<ScenarioKey, RenderedStack>();
const rendered = (scenario: ScenarioKey): RenderedStack => {
    const stack = stacks.get(scenario);
    assert.ok(stack, `scenario ${scenario} was rendered`);
    return stack;
};
const server = (scenario: ScenarioKey, component: string): { workload: KubeObject; container: Container } => {
    const workload = findObject(rendered(scenario), "StatefulSet", `milvus-${component}`);
    const container = (podSpec(workload).containers as Container[]).find((c) => c.name === component);
    assert.ok(container, `milvus-${component} runs a container named ${component}`);
    return { workload, container };
};

describe("backing images: what their sources read at the pinned tags", () => {
    before(async () => {
        for (const [key, name] of Object.entries(scenarioNames) as [ScenarioKey, string][]) {
            stacks.set(key, await renderStack(scenarios[name]()));
        }
    });

    test("the expectation table covers every flavor and every pinned backing image, at the pinned tags", () => {
        assert.ok(flavors.length >= 5, "the flavors are found among the module's exports");
        assert.deepEqual(flavors.map((f) => f.component).sort(), Object.keys(officialImages).sort());
        for (const flavor of flavors) {
            assert.equal(
                officialImages[flavor.component].image,
                defaultServiceImages[flavor.component],
                `${flavor.component}: re-read its source`,
            );
        }
        // MinIO is checked below; every other in-cluster image is a flavor.
        assert.deepEqual(Object.keys(defaultServiceImages).sort(), [...Object.keys(officialImages), "minio"].sort());
        assert.equal(defaultServiceImages.minio, "minio/minio:RELEASE.2024-12-18T13-15-44Z", "MinIO: re-read its source");
        assert.equal(defaultImages.minioClient, "minio/mc:RELEASE.2024-11-21T17-21-54Z", "mc: re-read its source");
        assert.equal(defaultImages.devicePlugin, "nvcr.io/nvidia/k8s-device-plugin:v0.20.0", "device plugin: re-read its source");
    });

    for (const [component, contract] of Object.entries(officialImages)) {
        test(`${component}: the env and args its image reads, data at its VOLUME, run as its service user`, () => {
            const { workload, container } = server(contract.scenario, component);
            assert.equal(container.image, contract.image);
            assert.deepEqual(container.env, contract.env);
            assert.deepEqual(container.args, contract.args);
            assert.equal(container.command, undefined, "the image's own entrypoint runs");
            assert.equal(mountsOf(container).data, contract.dataPath);
            const pod = podSpec(workload).securityContext;
            assert.equal(pod?.runAsUser, contract.runAsUser);
            assert.equal(pod?.runAsGroup, contract.runAsUser);
        });
    }

    test("postgresql: PGDATA is a subdirectory of the mounted volume, not its root", () => {
        const { container } = server("rabbitmqPostgres", "postgresql");
        const pgdata = container.env?.find((e) => e.name === "PGDATA")?.value;
        const mount = mountsOf(container).data;
        assert.ok(pgdata?.startsWith(`${mount}/`) && pgdata.length > mount.length + 1, `${pgdata} below ${mount}`);
    });

    test("redis: --appendonly follows persistence (no without a volume claim)", () => {
        const { workload, container } = server("rabbitmqPostgres", "redis");
        assert.deepEqual(container.args, ["--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "no"]);
        assert.deepEqual(
            (podSpec(workload).volumes as Volume[]).find((v) => v.name === "data"),
            { name: "data", emptyDir: {} },
        );
    });

    // minio/minio tag RELEASE.2024-12-18T13-15-44Z (16f8cf1c52f0a77eeb8f7565aaf7f7df12454583):
    //   Dockerfile.release:72-73               ENTRYPOINT ["/usr/bin/docker-entrypoint.sh"]; CMD ["minio"]
    //   Dockerfile.release:70                  VOLUME ["/data"]
    //   dockerscripts/docker-entrypoint.sh:5-9 a first argument other than `minio` gets `minio` prepended: `minio server /data`
    //   cmd/server-main.go:199                 the `server` command, DIR arguments
    //   cmd/server-main.go:68-69, cmd/globals.go:65  --address defaults to :9000
    //   internal/config/constants.go:29-30     EnvRootUser = "MINIO_ROOT_USER", EnvRootPassword = "MINIO_ROOT_PASSWORD"
    //   cmd/common-main.go:823-846             both set, or refused; loadRootCredentials reads them
    //   Dockerfile.release:49-52 sets MINIO_ROOT_USER_FILE=access_key etc.; cmd/common-main.go:631-645 ignores a
    //   file that does not exist, so the env above stays in force.
    test("MinIO: `minio server /data`, the root user from MINIO_ROOT_USER/MINIO_ROOT_PASSWORD, /data mounted", () => {
        const { container } = server("minio", "minio");
        assert.equal(container.image, "minio/minio:RELEASE.2024-12-18T13-15-44Z");
        assert.equal(container.command, undefined, "the image's entrypoint prepends `minio`");
        assert.deepEqual(container.args, ["server", "/data"]);
        assert.deepEqual(container.env, [
            fromSecret("MINIO_ROOT_USER", "milvus-s3-credentials", "accessKey"),
            fromSecret("MINIO_ROOT_PASSWORD", "milvus-s3-credentials", "secretKey"),
        ]);
        assert.equal(mountsOf(container).data, "/data");
        assert.deepEqual(
            container.ports?.map((p) => p.containerPort),
            [9000],
        );
    });

    // minio/mc tag RELEASE.2024-11-21T17-21-54Z (1681e4497c09d7438a34e846f76dbde972ab7daf):
    //   cmd/alias-set.go:55,69  `alias set ALIAS URL ACCESSKEY SECRETKEY`
    //   cmd/mb-main.go:37,131   --ignore-existing (-p): an existing bucket is no error
    //   cmd/flags.go:31,36-39   --config-dir, env MC_CONFIG_DIR (envPrefix "MC_" + "CONFIG_DIR")
    //   Dockerfile.release:24   ENTRYPOINT ["mc"] (replaced here by `sh -c`; its base, ubi9/ubi-micro, is not in mc's source)
    test("mc: alias set with the keys, mb --ignore-existing, its config dir in the writable /tmp", () => {
        const [job] = objectsOfKind(rendered("minio"), "Job").filter(
            (j) => j.metadata?.labels?.["app.kubernetes.io/component"] === componentLabels.makeBucket,
        );
        assert.ok(job, "the bucket Job is rendered");
        const container = mainContainer(job);
        assert.equal(container.image, "minio/mc:RELEASE.2024-11-21T17-21-54Z");
        assert.deepEqual(container.command, ["sh", "-c"]);
        assert.deepEqual(container.args, [
            'mc alias set target http://milvus-minio:9000 "$S3_ACCESS_KEY" "$S3_SECRET_KEY" && mc mb --ignore-existing "target/milvus"',
        ]);
        assert.deepEqual(container.env, [
            fromSecret("S3_ACCESS_KEY", "milvus-s3-credentials", "accessKey"),
            fromSecret("S3_SECRET_KEY", "milvus-s3-credentials", "secretKey"),
            { name: "MC_CONFIG_DIR", value: "/tmp/mc" },
        ]);
        assert.equal(mountsOf(container).tmp, "/tmp");
    });

    // NVIDIA/k8s-device-plugin tag v0.20.0 (1b826acc6af3079d8923bac395c3124b8861a9a6):
    //   cmd/nvidia-device-plugin/main.go:68-72  --fail-on-init-error, env FAIL_ON_INIT_ERROR, default true
    //   vendor/k8s.io/kubelet/pkg/apis/deviceplugin/v1beta1/constants.go:30  DevicePluginPath = "/var/lib/kubelet/device-plugins/"
    //   deployments/static/nvidia-device-plugin.yml:41-54  the image, container name, that directory mounted from the host
    // As the v0.20.0 static manifest, `env: []` (line 43): NVIDIA removed FAIL_ON_INIT_ERROR=false from it in
    // b3d005434 (2025-03-14, "a non-recommended setting as failures in loading GPU information is silently ignored").
    // Only with `gpu.nodeSelector: {}` (the plugin may land on nodes without GPUs) is it set to false, so that those
    // pods idle instead of crashing. Not followed: the manifest's hostPath `type: Directory` (line 55).
    test("device plugin: FAIL_ON_INIT_ERROR as the manifest (unset) on GPU nodes, false where it may land on CPU nodes; the kubelet's device-plugin directory is mounted", async () => {
        const daemonSet = findObject(rendered("dev"), "DaemonSet", "nvidia-device-plugin-daemonset");
        const container = mainContainer(daemonSet);
        assert.equal(container.image, "nvcr.io/nvidia/k8s-device-plugin:v0.20.0");
        assert.equal(container.name, "nvidia-device-plugin-ctr");
        assert.deepEqual(container.env, []);
        const everyNode = await renderStack(withOverrides(loadStackFile("dev"), { gpu: { nodeSelector: {} } }));
        const everywhere = findObject(everyNode, "DaemonSet", "nvidia-device-plugin-daemonset");
        assert.equal(podSpec(everywhere).nodeSelector, undefined);
        assert.deepEqual(mainContainer(everywhere).env, [{ name: "FAIL_ON_INIT_ERROR", value: "false" }]);
        assert.equal(mountsOf(container)["device-plugin"], "/var/lib/kubelet/device-plugins");
        assert.deepEqual(
            (podSpec(daemonSet).volumes as Volume[]).map((v) => [v.name, v.hostPath?.path]),
            [["device-plugin", "/var/lib/kubelet/device-plugins"]],
        );
    });
});

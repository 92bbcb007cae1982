import * as pulumi from "@pulumi/pulumi";
import { CeleryAppSettings } from "../celery/celeryAppSettings";
import { appsDir, proxyCommand } from "../celery/seedCeleryApps";
import { thriftProxySettings } from "../render/thriftProxySettings";
import { ProxyFlavor, proxyLogPath } from "./proxyFlavor";

/**
 * How the seed's Thrift proxy retries a failed call to the write-only server (THRIFTCLIENT_RETRY_TIME) and
 * after how many good calls one retry is forgiven (THRIFTCLIENT_NORMAL_TIME; ConnectionHandler.py:88-93).
 */
const thriftClientRetries = { retryTimes: 3, normalTimes: 10 };

/** What the Thrift proxy is configured from. */
export interface ThriftProxyInput {
    /** Client port of the proxy and the write-only server. */
    port: number;
    /** Service name of the write-only node. */
    writeNodeHost: string;
    /** The Celery apps' settings it imports, and what must exist first (the Celery ConfigMap). */
    celery: { apps: CeleryAppSettings; dependsOn: pulumi.Resource[] };
}

/**
 * The seed's Thrift `proxy_server` (0.4), one of the Celery apps: it writes to the write-only server and runs
 * searches as Celery workflows, reading the apps' settings and its own from one `.env`. The celery-apps image
 * has no command of its own and keeps its own filesystem layout.
 */
export function thriftProxy(input: ThriftProxyInput): ProxyFlavor {
    const settings: Record<string, string> = {
        ...input.celery.apps.settings,
        ...thriftProxySettings({ port: input.port, writeNodeHost: input.writeNodeHost, ...thriftClientRetries }),
        // milvus_celery's log files (imported by the proxy) go to the proxy's own log directory.
        LOG_PATH: proxyLogPath,
    };
    return {
        settingsTitle: "The seed's Thrift proxy (proxy_server) settings: its .env",
        settings: pulumi.output(settings),
        credentials: input.celery.apps.credentials,
        start: { workingDir: appsDir, command: [...proxyCommand] },
        writableRoot: "the celery-apps image's filesystem layout is its own",
        kubernetesDiscovery: false,
        dependsOn: input.celery.dependsOn,
    };
}

import * as fs from "node:fs";
import * as https from "node:https";
import { CertPair } from "./certs";

/** A response of the apiserver: status code and the body (parsed JSON when it is JSON). */
export interface ApiResponse<T = unknown> {
    status: number;
    body: T;
    text: string;
}

/** Error for a non-2xx answer, with the apiserver's message. */
export class ApiError extends Error {
    constructor(
        readonly method: string,
        readonly path: string,
        readonly status: number,
        readonly text: string,
    ) {
        let message = text;
        try {
            message = (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {
            // not JSON: keep the text
        }
        super(`${method} ${path}: HTTP ${status}: ${message.slice(0, 500)}`);
    }
}

/** The few shapes of Kubernetes objects this module reads. */
export interface KubeObject {
    apiVersion?: string;
    kind?: string;
    metadata: {
        name: string;
        namespace?: string;
        uid?: string;
        resourceVersion?: string;
        creationTimestamp?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
    };
    spec?: Record<string, unknown>;
    status?: Record<string, unknown>;
}

export interface KubeList<T = KubeObject> {
    items: T[];
}

/**
 * A minimal Kubernetes API client over HTTPS with a client certificate: enough to poll readiness and create
 * a handful of objects without spawning kubectl for each call.
 */
export class KubeApi {
    private readonly agent: https.Agent;

    constructor(
        readonly server: string,
        tls: { caCert: string; client: CertPair },
    ) {
        this.agent = new https.Agent({
            ca: fs.readFileSync(tls.caCert),
            cert: fs.readFileSync(tls.client.cert),
            key: fs.readFileSync(tls.client.key),
            keepAlive: true,
            maxSockets: 16,
        });
    }

    /** Sends one request; resolves with any status (see {@link call} for the throwing variant). */
    request<T = unknown>(
        method: string,
        path: string,
        body?: unknown,
        opts: { contentType?: string; timeoutMs?: number; impersonate?: string } = {},
    ): Promise<ApiResponse<T>> {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        return new Promise((resolve, reject) => {
            const req = https.request(
                new URL(path, this.server),
                {
                    method,
                    agent: this.agent,
                    headers: {
                        accept: "application/json",
                        // Ask as another user (the admin certificate may impersonate): what may that user do?
                        ...(opts.impersonate === undefined ? {} : { "Impersonate-User": opts.impersonate }),
                        ...(payload === undefined
                            ? {}
                            : { "content-type": opts.contentType ?? "application/json", "content-length": payload.length }),
                    },
                    timeout: opts.timeoutMs ?? 10_000,
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (c: Buffer) => chunks.push(c));
                    res.on("error", reject);
                    res.on("end", () => {
                        const text = Buffer.concat(chunks).toString("utf8");
                        let parsed: unknown = text;
                        if ((res.headers["content-type"] ?? "").includes("json")) {
                            try {
                                parsed = JSON.parse(text);
                            } catch {
                                // leave the text
                            }
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed as T, text });
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)));
            req.on("error", reject);
            req.end(payload);
        });
    }

    /** Like {@link request} but throws {@link ApiError} unless the status is 2xx (or listed in `accept`). */
    async call<T = unknown>(
        method: string,
        path: string,
        body?: unknown,
        opts: { contentType?: string; accept?: number[] } = {},
    ): Promise<ApiResponse<T>> {
        const res = await this.request<T>(method, path, body, opts);
        if ((res.status < 200 || res.status > 299) && !(opts.accept ?? []).includes(res.status)) {
            throw new ApiError(method, path, res.status, res.text);
        }
        return res;
    }

    async get<T = KubeObject>(path: string): Promise<T> {
        return (await this.call<T>("GET", path)).body;
    }

    /** GET that answers undefined on 404. */
    async find<T = KubeObject>(path: string): Promise<T | undefined> {
        const res = await this.call<T>("GET", path, undefined, { accept: [404] });
        return res.status === 404 ? undefined : res.body;
    }

    /** POST to a collection; an object that already exists (409) is left as it is. Returns true if created. */
    async create(collectionPath: string, object: unknown): Promise<boolean> {
        const res = await this.call("POST", collectionPath, object, { accept: [409] });
        return res.status !== 409;
    }

    async patch<T = KubeObject>(path: string, patch: unknown, type: "merge" | "json" | "strategic" = "merge"): Promise<T> {
        const contentType = {
            merge: "application/merge-patch+json",
            json: "application/json-patch+json",
            strategic: "application/strategic-merge-patch+json",
        }[type];
        return (await this.call<T>("PATCH", path, patch, { contentType })).body;
    }

    close(): void {
        this.agent.destroy();
    }
}

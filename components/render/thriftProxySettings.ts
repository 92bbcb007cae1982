import { queryQueue } from "../celery/seedCeleryApps";

/** What the seed's Thrift proxy (`proxy_server`) needs to know. */
export interface ThriftProxySettingsInput {
    /** Client port: the proxy listens on it, and the write-only server serves on it. */
    port: number;
    /** Service name of the write-only node, which takes every write and metadata call. */
    writeNodeHost: string;
    /** Retries of a failed call to the write-only node, and calls between two retry-count resets. */
    retryTimes: number;
    normalTimes: number;
}

/**
 * proxy_server's own settings (XuPeng-SH/celery_project cc1fef5, apps/proxy_server/settings.py:11-25, every one
 * required): the server side is the Thrift endpoint clients call (`tcp://` only, protocol BINARY, COMPACT or
 * JSON, ThriftServer.py:29-60; BUFFERED, since TForkingServer needs a transport factory and the Milvus 0.3
 * Python SDK speaks buffered binary), the client side the write-only server (`THRIFTCLIENT_TRANSPORT`,
 * proxy_server/__init__.py:4). Of the client group only TRANSPORT, RETRY_TIME and NORMAL_TIME are read after
 * start (ConnectionHandler.py:88-93); the rest are required all the same. The proxy also imports the query
 * workers' and the sidecars' tasks, so its file carries the Celery settings too (see MilvusProxy).
 */
export function thriftProxySettings(input: ThriftProxySettingsInput): Record<string, string> {
    return {
        THRIFTSERVER_TRANSPORT: `tcp://0.0.0.0:${input.port}`,
        THRIFTSERVER_PROTOCOL: "BINARY",
        THRIFTSERVER_BUFFERED: "True",
        THRIFTSERVER_ZLIB: "False",
        THRIFTSERVER_FRAMED: "False",
        THRIFTCLIENT_TRANSPORT: `tcp://${input.writeNodeHost}:${input.port}`,
        THRIFTCLIENT_PROTOCOL: "BINARY",
        THRIFTCLIENT_BUFFERED: "True",
        THRIFTCLIENT_ZLIB: "False",
        THRIFTCLIENT_FRAMED: "False",
        THRIFTCLIENT_RETRY_TIME: String(input.retryTimes),
        THRIFTCLIENT_NORMAL_TIME: String(input.normalTimes),
        QUEUES: queryQueue,
    };
}

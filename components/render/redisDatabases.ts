/** Redis logical databases, so the Celery broker, its results and the Milvus cache never share keys. */
export const redisDatabases = {
    broker: "0",
    results: "1",
    cache: "2",
} as const;

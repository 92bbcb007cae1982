import { RawConfig, RawValue } from "./configReader";

/**
 * Picks this project's keys out of the engine's flat config map (`pulumi.runtime.allConfig()`, where
 * `milvus-cluster:metastore` holds `{"backend":"mysql"}` as JSON text and scalars are plain text) and turns it
 * into a nested object the parser can walk. Scalars that are JSON numbers or booleans become those types.
 */
export function rawConfigFromStack(allConfig: Record<string, string>, namespace: string): RawConfig {
    const raw: RawConfig = {};
    const prefix = `${namespace}:`;
    for (const [fullKey, text] of Object.entries(allConfig)) {
        if (fullKey.startsWith(prefix)) {
            raw[fullKey.slice(prefix.length)] = parseValue(text);
        }
    }
    return raw;
}

function parseValue(text: string): RawValue {
    try {
        const parsed = JSON.parse(text) as RawValue;
        return typeof parsed === "string" ? text : parsed;
    } catch {
        return text;
    }
}

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { RawConfig, RawValue } from "../../components/config/configReader";

export const projectRoot = join(__dirname, "..", "..");

/** The `milvus-cluster:` keys of `Pulumi.<stack>.yaml`, prefix stripped, as the parser receives them. */
export function loadStackFile(stack: string): RawConfig {
    const document = parse(readFileSync(join(projectRoot, `Pulumi.${stack}.yaml`), "utf8")) as {
        config?: Record<string, RawValue>;
    };
    const raw: RawConfig = {};
    for (const [key, value] of Object.entries(document.config ?? {})) {
        if (key.startsWith("milvus-cluster:")) {
            raw[key.slice("milvus-cluster:".length)] = value;
        }
    }
    return raw;
}

/** A deep copy of `base` with `overrides` merged in key by key (objects merge, everything else replaces). */
export function withOverrides(base: RawConfig, overrides: RawConfig): RawConfig {
    const merge = (a: RawValue | undefined, b: RawValue): RawValue => {
        const isMap = (v: RawValue | undefined): v is { [k: string]: RawValue } => typeof v === "object" && v !== null && !Array.isArray(v);
        if (isMap(a) && isMap(b)) {
            const out: { [k: string]: RawValue } = { ...a };
            for (const [k, v] of Object.entries(b)) {
                out[k] = merge(a[k], v);
            }
            return out;
        }
        return b;
    };
    return merge(structuredClone(base), overrides) as RawConfig;
}

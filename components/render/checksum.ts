import { createHash } from "node:crypto";

/**
 * A digest of config data, set as a pod-template annotation so that a change to the data (and only that)
 * rolls the pods that read it.
 */
export function configChecksum(data: Readonly<Record<string, string>>): string {
    const hash = createHash("sha256");
    for (const key of Object.keys(data).sort()) {
        hash.update(key).update("\0").update(data[key]).update("\0");
    }
    return hash.digest("hex");
}

import { ConfigProblem } from "./configError";
import { quantityBytes } from "./quantities";
import { StorageLayout } from "./storageLayout";

/** Why a change of `key` would replace or delete data; undefined for a change that updates in place. */
function whyDestructive(key: string, before: string, after: string): string | undefined {
    const [head, ...rest] = key.split(".");
    const field = rest.join(".");
    if (head === "volumes" && field.endsWith(".size")) {
        const [was, now] = [quantityBytes(before), quantityBytes(after)];
        if (was !== undefined && now !== undefined && now >= was) {
            return undefined; // A claim grows in place where its StorageClass allows volume expansion.
        }
        return "a PersistentVolumeClaim cannot shrink; Pulumi would have to delete and re-create it, with its data";
    }
    if (head === "volumes") {
        return "a PersistentVolumeClaim's storage class and access mode are immutable; Pulumi would delete and re-create it, with its data";
    }
    if (field === "persistence") {
        return before === "true"
            ? `turning persistence off replaces the ${head} StatefulSet and leaves its data behind on a claim it no longer mounts`
            : undefined; // An emptyDir's contents are all that goes.
    }
    if (field.startsWith("storage.")) {
        return `the ${head} StatefulSet's volumeClaimTemplates are immutable; Pulumi would replace the StatefulSet, and the existing claim would not change`;
    }
    if (field === "database" || field === "user") {
        return `the ${head} server creates its database and login once, from its first start; it would not know the new one`;
    }
    if (key === "milvus.release") {
        // Milvus 1.x reads what 0.10 wrote (same config version 0.5, same metadata); nothing else carries over.
        return before === "0.10" && after === "1.1"
            ? undefined
            : `Milvus ${after} does not read the data and metadata Milvus ${before} wrote (only 0.10 → 1.1 is an upgrade path)`;
    }
    if (key === "mq.backend" || key === "mq.resultBackend") {
        return undefined; // What matters is whether an in-cluster server goes away (see destructiveChanges).
    }
    if (key === "createNamespace") {
        return before === "true" ? "the namespace this stack created would be deleted, and every claim in it" : undefined;
    }
    if (field === "external") {
        return `switching ${head} between in-cluster and external deletes the in-cluster server and its data`;
    }
    if (key === "namespace") {
        return "every object, claims included, would be deleted from the old namespace and re-created empty in the new one";
    }
    if (key === "storage.s3.bucket" || key === "storage.s3.endpoint") {
        return "Milvus would look for its segments in a different, empty place";
    }
    return "switching it deletes the backing servers (and the data) of the old choice and starts empty ones";
}

/**
 * The changes from `previous` (the last update's layout, undefined before the first) to `next` that would
 * replace or delete stored data, as config problems naming the key, both values and the way through
 * (whether to refuse them is {@link replacementGuard}'s call).
 */
export function destructiveChanges(previous: StorageLayout | undefined, next: StorageLayout, namespace: string): ConfigProblem[] {
    if (previous === undefined) {
        return [];
    }
    // Layouts written before `milvus.release` existed come from a program that deployed the 0.4 line only.
    previous = { "milvus.release": "0.4", ...previous };
    const problems: ConfigProblem[] = [];
    const refuse = (key: string, given: string, why: string): void => {
        problems.push({
            key: `${namespace}:${key}`,
            given,
            allowed:
                `refused: ${why}. Keep it as it was, or set ${namespace}:protection.allowReplacement to true for this ` +
                `one update once the data is backed up or expendable (where ${namespace}:protection.protect is on, ` +
                "lift it for that update too)",
        });
    };
    for (const [key, after] of Object.entries(next)) {
        const before = previous[key];
        if (before === undefined || before === after) {
            continue; // A service or claim that is new, or unchanged.
        }
        const why = whyDestructive(key, before, after);
        if (why !== undefined) {
            refuse(key, `${JSON.stringify(after)} (was ${JSON.stringify(before)})`, why);
        }
    }
    // An in-cluster server the new config no longer uses is deleted, and its data with it. The problem names
    // the backend key whose change dropped it.
    const choiceKeys = ["metastore.backend", "mq.backend", "mq.resultBackend", "storage.backend", "storage.s3.endpoint"];
    for (const key of Object.keys(previous).filter((k) => k.endsWith(".external") && previous[k] === "no")) {
        const service = key.slice(0, -".external".length);
        if (next[key] !== undefined) {
            continue;
        }
        const cause = choiceKeys.find((k) => previous[k] !== next[k] && (previous[k] === service || service === "minio")) ?? service;
        if (!problems.some((p) => p.key === `${namespace}:${cause}`)) {
            refuse(
                cause,
                `${JSON.stringify(next[cause] ?? "(unset)")} (was ${JSON.stringify(previous[cause] ?? "(unset)")})`,
                `the in-cluster ${service} is no longer used and would be deleted with its data`,
            );
        }
    }
    return problems;
}

/**
 * What the stack refuses before registering anything: every destructive change, unless
 * `protection.allowReplacement` is set; and that flag itself when there is nothing for it to allow, so that it
 * cannot stay on unnoticed and let the next destructive change through.
 */
export function replacementGuard(
    previous: StorageLayout | undefined,
    next: StorageLayout,
    allowReplacement: boolean,
    namespace: string,
): ConfigProblem[] {
    const destructive = destructiveChanges(previous, next, namespace);
    if (!allowReplacement) {
        return destructive;
    }
    return previous !== undefined && destructive.length === 0
        ? [
              {
                  key: `${namespace}:protection.allowReplacement`,
                  given: "true",
                  allowed:
                      "nothing to allow: no change in this update replaces or deletes stored data. Remove it " +
                      "(pulumi config rm --path protection.allowReplacement) so that the next such change is refused again",
              },
          ]
        : [];
}

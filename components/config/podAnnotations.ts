import { ConfigReader } from "./configReader";
import { labelKey } from "./validators";

/**
 * `<tier>.podAnnotations`: annotations an operator adds to a tier's pods (a service mesh's, a log shipper's,
 * or a test's marker). Keys have the syntax of label keys; the program's own pod annotations are refused here
 * rather than silently overridden, so what the stack file says is what the pods carry.
 */

/** The tiers that take `podAnnotations`. */
export const annotatedTiers = ["writeNode", "readNodes", "proxy", "workers", "monitor", "flower"] as const;

/** Key prefixes the program writes itself: the config checksum, the scrape annotations, the policy exemptions. */
const programAnnotationPrefixes = ["checksum/", "prometheus.io/", "milvus-cluster/"] as const;

/** Kubernetes' limit on all of an object's annotations together (keys and values), in bytes. */
const maxAnnotationBytes = 256 * 1024;

/** What is wrong with one pod annotation, if anything. */
export function podAnnotationProblem(key: string, value: string): string | undefined {
    const syntax = labelKey(key);
    if (syntax !== undefined) {
        return syntax.replace("a label key", "an annotation key");
    }
    const owned = programAnnotationPrefixes.find((prefix) => key.startsWith(prefix));
    if (owned !== undefined) {
        return `keys under "${owned}" are set by the program; expected a key outside ${programAnnotationPrefixes.join(", ")}`;
    }
    return Buffer.byteLength(key) + Buffer.byteLength(value) > maxAnnotationBytes ? "longer than Kubernetes allows (256 KiB)" : undefined;
}

/** Reads `<tier>.podAnnotations` (default: none). */
export function readPodAnnotations(reader: ConfigReader, tier: string): Record<string, string> {
    const annotations = reader.stringMap(`${tier}.podAnnotations`, {}, podAnnotationProblem);
    const bytes = Object.entries(annotations).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
    if (bytes > maxAnnotationBytes) {
        reader.fail(`${tier}.podAnnotations`, `${bytes} bytes in all; expected at most ${maxAnnotationBytes} (Kubernetes' limit)`);
        return {};
    }
    return annotations;
}

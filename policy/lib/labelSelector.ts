import { LabelSelector } from "./kubeTypes";

/**
 * Whether a label selector selects pods labelled `labels`, with Kubernetes' semantics: every matchLabels pair
 * is among the labels and every matchExpression holds. An empty selector selects every pod.
 */
export function selects(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
    const pairsHold = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
    const expressionsHold = (selector.matchExpressions ?? []).every((e) => {
        const value = labels[e.key];
        const values = e.values ?? [];
        switch (e.operator) {
            case "In":
                return value !== undefined && values.includes(value);
            case "NotIn":
                return value === undefined || !values.includes(value);
            case "Exists":
                return value !== undefined;
            case "DoesNotExist":
                return value === undefined;
            default:
                // An operator Kubernetes does not know selects nothing (the API server would refuse it).
                return false;
        }
    });
    return pairsHold && expressionsHold;
}

/** Whether a selector is empty: it then selects every pod of its namespace. */
export const isEmptySelector = (selector: LabelSelector): boolean =>
    Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimalSuffixes: Record<string, number> = { "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };

/** Bytes in a Kubernetes quantity ("20Gi", "1T", "500M"); undefined when it is not one. */
export function quantityBytes(quantity: string): number | undefined {
    const match = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([a-zA-Z]*)$/.exec(quantity);
    if (match === null) {
        return undefined;
    }
    const factor = binarySuffixes[match[2]] ?? decimalSuffixes[match[2]];
    return factor === undefined ? undefined : Number(match[1]) * factor;
}

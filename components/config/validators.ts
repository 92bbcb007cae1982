/**
 * Checks used by the config parser. Each returns `undefined` when the value is fine, or what is allowed.
 */

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// The Kubernetes quantity grammar (resource.Quantity), e.g. "500m", "2Gi", "1.5".
const quantity = /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const duration = /^[0-9]+(ms|s|m|h)$/;

export const dnsLabel = (value: string): string | undefined =>
    dns1123Label.test(value) && value.length <= 63
        ? undefined
        : "expected a DNS-1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending alphanumeric";

export const dnsSubdomain = (value: string): string | undefined =>
    dns1123Subdomain.test(value) && value.length <= 253
        ? undefined
        : "expected a DNS-1123 subdomain: lower-case a-z, 0-9, '-' and '.', at most 253 characters";

export const kubernetesQuantity = (value: string): string | undefined =>
    quantity.test(value) ? undefined : 'expected a Kubernetes quantity such as "500m", "4", "512Mi" or "20Gi"';

export const isIpv4 = (value: string): boolean => ipv4.test(value);

export const hostName = (value: string): string | undefined =>
    isIpv4(value) || (dns1123Subdomain.test(value.toLowerCase()) && value.length <= 253)
        ? undefined
        : "expected a DNS name or an IPv4 address";

/** `host` or `host:port`. */
export const hostAndPort = (value: string): string | undefined => {
    const [host, port, ...rest] = value.split(":");
    const portOk = port === undefined || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535);
    return rest.length === 0 && portOk && hostName(host) === undefined ? undefined : 'expected "host" or "host:port" (no scheme)';
};

export const cidr = (value: string): string | undefined => {
    const [address, bits, ...rest] = value.split("/");
    return rest.length === 0 && isIpv4(address) && /^\d+$/.test(bits ?? "") && Number(bits) <= 32
        ? undefined
        : 'expected an IPv4 CIDR such as "10.0.0.0/8"';
};

export const durationString = (value: string): string | undefined =>
    duration.test(value) ? undefined : 'expected a duration such as "30s" or "1m"';

/**
 * An image reference pinned to a tag other than `latest`, or to a digest: a user reading a preview diff must
 * see exactly what runs.
 */
export const pinnedImage = (value: string): string | undefined => {
    if (/\s/.test(value)) {
        return "expected an image reference without spaces";
    }
    if (value.includes("@")) {
        return /^[^@]+@sha256:[a-f0-9]{64}$/.test(value) ? undefined : "expected a digest of the form name@sha256:<64 hex digits>";
    }
    const lastSegment = value.slice(value.lastIndexOf("/") + 1);
    const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : "";
    return /^[\w][\w.-]{0,127}$/.test(tag) && tag !== "latest"
        ? undefined
        : 'expected an image pinned to a tag other than "latest" (repo/name:tag) or to a digest (@sha256:...)';
};

/**
 * Milvus 0.x parses `mysql://user:password@host:port/db` by splitting on `:`, `@` and `/` (milvus-io/milvus
 * #2676, #4195), so those characters, and whatever would need URL-encoding, are refused in credentials.
 */
export const urlSafeCredential = (value: string): string | undefined =>
    /^[A-Za-z0-9._~-]+$/.test(value)
        ? undefined
        : "expected only letters, digits and . _ ~ - (it is embedded in connection URLs that Milvus 0.x cannot unescape)";

// A label/annotation name part: 63 characters of alphanumerics, '-', '_', '.', alphanumeric at both ends.
const qualifiedNamePart = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;

/** A Kubernetes label key: an optional DNS-subdomain prefix and '/', then a name part. */
export const labelKey = (value: string): string | undefined => {
    const slash = value.lastIndexOf("/");
    const prefix = slash === -1 ? undefined : value.slice(0, slash);
    const name = slash === -1 ? value : value.slice(slash + 1);
    const prefixOk = prefix === undefined || dnsSubdomain(prefix) === undefined;
    return prefixOk && qualifiedNamePart.test(name)
        ? undefined
        : 'expected a label key such as "topology.kubernetes.io/zone": [prefix/]name, name at most 63 characters';
};

/** A label value: empty, or a name part. */
export const labelValue = (value: string): string | undefined =>
    value === "" || qualifiedNamePart.test(value)
        ? undefined
        : "expected a label value: at most 63 characters of a-z, A-Z, 0-9, '-', '_' and '.', alphanumeric at both ends";

/** One entry of a label selector map: what is wrong with the key or the value, if anything. */
export const labelSelectorProblem = (key: string, value: string): string | undefined => labelKey(key) ?? labelValue(value);

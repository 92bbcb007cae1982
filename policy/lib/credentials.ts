// How the credential policies recognise a credential in text. A credential is never echoed back: violations
// name where it is, not what it is.

/** A name that says it holds a credential: a config key, a ConfigMap key or an env var name. */
const credentialNamePattern = /(password|passwd|secret|token|access_?key|secret_?key)/i;

export const isCredentialName = (name: string): boolean => credentialNamePattern.test(name);

/**
 * `$(VAR_NAME)`: Kubernetes' dependent-variable syntax, which the kubelet (in env values) or the config-rendering
 * init container (in files) fills from an env var that reads a Secret. The one credential-free stand-in.
 */
const placeholderPattern = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;

export const isPlaceholder = (value: string): boolean => placeholderPattern.test(value);

// scheme://user:password@ — userinfo ends at the first "@"; neither part may hold "/", "@" or whitespace.
const userinfoPattern = /([A-Za-z][A-Za-z0-9+.-]*):\/\/([^\s:@/]*):([^\s@/]*)@/g;

/**
 * Every URL in `text` with a password inline (`scheme://user:PASS@`, PASS non-empty and not a placeholder),
 * each shown with the password masked: `mysql://root:***@`.
 */
export function inlinePasswordUrls(text: string): string[] {
    const found: string[] = [];
    for (const match of text.matchAll(userinfoPattern)) {
        const [, scheme, user, password] = match;
        if (password !== "" && !isPlaceholder(password)) {
            found.push(`${scheme}://${user}:***@`);
        }
    }
    return found;
}

// `key: value`, `key=value`, `KEY=value`, `key = value`; a YAML list dash, `export` and quotes around the key are
// allowed.
const assignmentPattern = /^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(.*)$/;

/** The value with a trailing comma and surrounding quotes taken off. */
const unquoted = (value: string): string =>
    value
        .trim()
        .replace(/,$/, "")
        .trim()
        .replace(/^(["'])(.*)\1$/, "$2")
        .trim();

/** A value that holds nothing: empty, empty quotes, or a YAML null. */
const isEmptyValue = (value: string): boolean => {
    const bare = unquoted(value);
    return bare === "" || bare === "~" || bare === "null";
};

// `"key": "value"` anywhere in a line: JSON written on one line.
const jsonPairPattern = /"([A-Za-z0-9_.-]+)"\s*:\s*"([^"]*)"/g;

/**
 * The keys of every line of `text` that assigns a credential: a key named like one, set to a non-empty value
 * that is not a placeholder. Each is given with its line number: `line 3 ("password")`.
 */
export function credentialAssignments(text: string): string[] {
    const found: string[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
        const pairs = [...line.matchAll(jsonPairPattern)].map(([, key, value]) => ({ key, value }));
        const assignment = assignmentPattern.exec(line);
        if (pairs.length === 0 && assignment !== null) {
            pairs.push({ key: assignment[1], value: assignment[2] });
        }
        for (const { key, value } of pairs) {
            if (isCredentialName(key) && !isEmptyValue(value) && !isPlaceholder(unquoted(value))) {
                found.push(`line ${i + 1} ("${key}")`);
            }
        }
    });
    return found;
}

/** Whether a literal value (an env var's) is a credential: non-empty and not a placeholder. */
export const isLiteralCredential = (value: string): boolean => value.trim() !== "" && !isPlaceholder(value.trim());

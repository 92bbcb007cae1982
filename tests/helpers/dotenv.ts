/**
 * Reads a `.env` file the way python-dotenv 0.10 (Mishards' shards/requirements.txt at v1.1.1) does for the
 * lines we write: `KEY="value"` with `\\` and `\"` unescaped, `#` comments and blank lines skipped. Anything
 * else is an error, so a malformed line fails the test instead of being skipped.
 */
export function dotenv(text: string): Record<string, string> {
    const settings: Record<string, string> = {};
    for (const line of text.split("\n")) {
        if (line.trim() === "" || line.startsWith("#")) {
            continue;
        }
        const match = /^([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"$/.exec(line);
        if (match === null) {
            throw new Error(`not a KEY="value" line: ${line}`);
        }
        settings[match[1]] = match[2].replace(/\\(.)/g, "$1");
    }
    return settings;
}

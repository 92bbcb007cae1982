/**
 * The shell script of the config-renderer init container: copies every file of `templateDir` (the ConfigMap)
 * to `outputDir` (an emptyDir), replacing each `$(VAR)` placeholder with that env var's value (from a Secret).
 * Values are escaped for sed, so any character a password may hold survives.
 */
export function configRenderScript(envVars: readonly string[], templateDir: string, outputDir: string): string {
    const checks = envVars.map((v) => `: "\${${v}:?${v} is not set}"`);
    // `[\$]` reaches sed as `[$]`: a literal dollar that the shell does not read as `$(...)`.
    const substitutions = envVars.map((v) => `-e "s|[\\$](${v})|$(escape "$${v}")|g"`);
    return [
        "set -eu",
        ...checks,
        "escape() { printf '%s' \"$1\" | sed -e 's/[\\\\|&]/\\\\&/g'; }",
        `for template in ${templateDir}/*; do`,
        substitutions.length === 0
            ? `  cat "$template" > "${outputDir}/$(basename "$template")"`
            : `  sed ${substitutions.join(" ")} "$template" > "${outputDir}/$(basename "$template")"`,
        "done",
        `ls -l ${outputDir}`,
        "",
    ].join("\n");
}

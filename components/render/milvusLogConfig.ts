import { MilvusTuning } from "../config/types";

const levels = ["TRACE", "VERBOSE", "DEBUG", "INFO", "WARNING", "ERROR", "FATAL"] as const;
const firstEnabled: Record<MilvusTuning["logLevel"], (typeof levels)[number]> = {
    debug: "DEBUG",
    info: "INFO",
    warning: "WARNING",
    error: "ERROR",
};

/**
 * Renders the easylogging++ `log.conf` of a Milvus 0.x server: one file per level under `logPath` (the
 * `milvus-log-disk` volume), levels below `logLevel` switched off, and a copy on stdout for `kubectl logs`.
 */
export function renderMilvusLogConfig(tuning: Pick<MilvusTuning, "logLevel" | "logPath">): string {
    const enabledFrom = levels.indexOf(firstEnabled[tuning.logLevel]);
    const file = (name: string): string => `"${tuning.logPath}/milvus-%datetime{%y-%M-%d-%H:%m}-${name}.log"`;
    const lines = [
        "* GLOBAL:",
        '    FORMAT                  = "%datetime | %level | %logger | %msg"',
        `    FILENAME                = ${file("global")}`,
        "    ENABLED                 = true",
        "    TO_FILE                 = true",
        "    TO_STANDARD_OUTPUT      = true",
        "    SUBSECOND_PRECISION     = 3",
        "    PERFORMANCE_TRACKING    = false",
        "    MAX_LOG_FILE_SIZE       = 209715200",
    ];
    levels.forEach((level, index) => {
        lines.push(
            `* ${level}:`,
            `    FILENAME                = ${file(level.toLowerCase())}`,
            `    ENABLED                 = ${index >= enabledFrom}`,
        );
    });
    return `${lines.join("\n")}\n`;
}

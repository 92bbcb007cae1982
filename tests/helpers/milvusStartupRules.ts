/**
 * The checks a Milvus 0.10.6 / 1.1.1 server applies to `server_config.yaml` at start, re-stated from its own
 * source so that tests can hold our rendered files against them. Each rule names where it comes from
 * (milvus-io/milvus, read in the haojunyu/milvus fork that carries the tags):
 *   Config.cpp        core/src/config/Config.cpp            (ValidateConfig and the Check* functions)
 *   ValidationUtil    core/src/utils/ValidationUtil.cpp     (ValidateDbURI, ValidateIpAddress, ValidateStoragePath, ...)
 *   Utils.cpp         core/src/config/Utils.cpp             (parse_bytes)
 *   YamlConfigMgr     core/src/config/YamlConfigMgr.cpp     (how sections and keys are loaded)
 * A rule returns the server's complaint, or nothing. A key the server would silently not read (a nested map
 * where it reads a literal dotted key, a missing key where a default would stand in for ours) is a complaint
 * too: the file would not say what the server runs with.
 */
import { parse } from "yaml";

export type V05Release = "1.1" | "0.10";

type Section = Record<string, unknown>;

/** What the server runs on: how many GPUs it sees, the host's memory. */
export interface StartupEnvironment {
    release: V05Release;
    /** GPUs visible to the server (CUDA device count). */
    gpuCount: number;
    /** The build: GPU builds check the `gpu` section, CPU builds ignore it (`#ifdef MILVUS_GPU_VERSION`). */
    gpuBuild: boolean;
}

/** Utils.cpp parse_bytes: digits with an optional b/k/m/g unit (a trailing B after a letter unit is dropped). */
export function parseBytes(text: string): number | string {
    const units: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
    if (/^\d+$/.test(text)) {
        return Number(text);
    }
    let value = text;
    if (value.length >= 2 && /[A-Za-z]/.test(value[value.length - 2]) && /[bB]/.test(value[value.length - 1])) {
        value = value.slice(0, -1);
    }
    const unit = value[value.length - 1]?.toLowerCase();
    const digits = value.slice(0, -1);
    if (unit === undefined || units[unit] === undefined || !/^\d+/.test(digits)) {
        return `The specified value for memory (${text}) should specify the units.`;
    }
    return Number.parseInt(digits, 10) * units[unit];
}

const isBool = (v: unknown): boolean => typeof v === "boolean" || /^(true|on|yes|1|false|off|no|0|)$/i.test(String(v));
const isNumber = (v: unknown): boolean => /^\d+$/.test(String(v));
/** ValidationUtil ValidateStoragePath. */
const storagePath = /^\/(\w+-?\/?)+$/;
/** Config.cpp: 1024 < port < 65535. */
const validPort = (v: unknown): boolean => isNumber(v) && Number(v) > 1024 && Number(v) < 65535;
/** ValidationUtil ValidateIpAddress: inet_pton(AF_INET). */
const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The keys every section must give (we never rely on the server's defaults for these). */
const requiredKeys: Record<string, readonly string[]> = {
    cluster: ["enable", "role"],
    general: ["timezone", "meta_uri"],
    network: ["bind.address", "bind.port", "http.enable", "http.port"],
    storage: ["path", "auto_flush_interval"],
    wal: ["enable", "recovery_error_ignore", "buffer_size", "path"],
    cache: ["cache_size", "insert_buffer_size"],
    gpu: ["enable", "cache_size", "gpu_search_threshold", "search_devices", "build_index_devices"],
    logs: ["level", "trace.enable", "path", "max_log_file_size", "log_rotate_num"],
    metric: ["enable", "address", "port"],
};

/** Every problem the server (or a silent default) would have with this file. */
export function startupProblems(text: string, env: StartupEnvironment): string[] {
    const problems: string[] = [];
    const document = parse(text) as Record<string, unknown>;
    const section = (name: string): Section => {
        const value = document[name];
        return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Section) : {};
    };

    // Config.cpp CheckConfigVersion: "Invalid config version: <v>. Expected config version: 0.5".
    if (String(document.version) !== "0.5") {
        problems.push(`Invalid config version: ${String(document.version)}. Expected config version: 0.5`);
    }
    // YamlConfigMgr: keys inside a section are literal names; a nested map is never read.
    for (const [name, keys] of Object.entries(requiredKeys)) {
        const values = section(name);
        for (const key of keys) {
            const value = values[key];
            if (value === undefined || value === null) {
                problems.push(`${name}.${key} is not given (the server would silently use its default)`);
            } else if (typeof value === "object" && !Array.isArray(value)) {
                problems.push(`${name}.${key} is a map: the server reads scalars only and would use its default`);
            }
        }
        for (const [key, value] of Object.entries(values)) {
            if (typeof value === "object" && value !== null && !Array.isArray(value)) {
                problems.push(`${name}.${key} is a nested map, which the server never reads (write "${key}.<name>" keys)`);
            }
        }
    }

    const cluster = section("cluster");
    if (!isBool(cluster.enable)) {
        problems.push("Invalid cluster.enable");
    }
    if (!["rw", "ro"].includes(String(cluster.role))) {
        problems.push("cluster.role is not one of rw and ro.");
    }

    const general = section("general");
    // Config.cpp CheckGeneralConfigTimezone: 1.1.1 regex_match; 0.10.6 IsNumber(value.substr(4)).
    const tz = String(general.timezone);
    const tzOk =
        env.release === "1.1"
            ? /^UTC[+-]((\d|0\d|1\d|2[0-3])|((\d|0\d|1\d|2[0-3]):[0-5]\d))$/.test(tz)
            : tz.startsWith("UTC") && /^\d+$/.test(tz.slice(4));
    if (!tzOk) {
        problems.push(`Invalid general.timezone: ${tz}`);
    }
    // ValidationUtil ValidateDbURI: (.*)://(.*):(.*)@(.*):(.*)/(.*), dialect mysql or sqlite, port digits or empty.
    const uri = /^(.*):\/\/(.*):(.*)@(.*):(.*)\/(.*)$/.exec(String(general.meta_uri));
    if (uri === null || !/mysql|sqlite/.test(uri[1].toLowerCase()) || !/^\d*$/.test(uri[5])) {
        problems.push(`Invalid meta uri: ${String(general.meta_uri)}`);
    }

    const network = section("network");
    if (!ipv4.test(String(network["bind.address"]))) {
        problems.push(`Invalid network.bind.address: ${String(network["bind.address"])}`);
    }
    if (!validPort(network["bind.port"])) {
        problems.push(`Invalid network.bind.port: ${String(network["bind.port"])}`);
    }
    if (!isBool(network["http.enable"]) || !validPort(network["http.port"])) {
        problems.push("Invalid network.http settings");
    }

    const storage = section("storage");
    if (!storagePath.test(String(storage.path))) {
        problems.push(`Invalid storage.path: ${String(storage.path)}`);
    }
    if (!isNumber(storage.auto_flush_interval)) {
        problems.push("Invalid storage.auto_flush_interval");
    }
    const s3Keys = Object.keys(storage).filter((k) => k.startsWith("s3_"));
    if (s3Keys.length > 0 && env.release === "0.10") {
        problems.push("storage.s3_* are never read by 0.10.6 (its S3 code is commented out)");
    }
    if (s3Keys.length > 0 && !/^[A-Za-z0-9.-]+$/.test(String(storage.s3_address))) {
        // Config.cpp CheckStorageConfigS3Address: ValidateHostname (gethostbyname): a bare host, no scheme.
        problems.push(`Invalid storage.s3_address: ${String(storage.s3_address)}`);
    }

    const wal = section("wal");
    if (!isBool(wal.enable) || !isBool(wal.recovery_error_ignore)) {
        problems.push("Invalid wal.enable / wal.recovery_error_ignore");
    }
    if (typeof parseBytes(String(wal.buffer_size)) === "string") {
        problems.push(`Invalid wal.buffer_size: ${String(wal.buffer_size)}`);
    }
    if (!storagePath.test(String(wal.path))) {
        problems.push(`Invalid wal.path: ${String(wal.path)}`);
    }

    const cache = section("cache");
    for (const key of ["cache_size", "insert_buffer_size"]) {
        const bytes = parseBytes(String(cache[key]));
        if (typeof bytes === "string" || bytes <= 0) {
            problems.push(`Invalid cache.${key}: ${String(cache[key])}`);
        }
    }

    const gpu = section("gpu");
    if (env.gpuBuild && String(gpu.enable) === "true") {
        if (typeof parseBytes(String(gpu.cache_size)) === "string") {
            problems.push(`Invalid gpu.cache_size: ${String(gpu.cache_size)}`);
        }
        if (!isNumber(gpu.gpu_search_threshold)) {
            problems.push("Invalid gpu.gpu_search_threshold");
        }
        for (const key of ["search_devices", "build_index_devices"]) {
            const devices = gpu[key];
            // Config.cpp GetConfigSequenceStr + CheckGpuResourceConfig*: a sequence of gpuN, N < device count, no repeats.
            if (!Array.isArray(devices) || devices.length === 0) {
                problems.push(`gpu.${key} must be a YAML sequence of gpuN`);
                continue;
            }
            const seen = new Set<string>();
            for (const device of devices.map(String)) {
                const match = /^gpu(\d+)$/i.exec(device);
                if (match === null || Number(match[1]) >= env.gpuCount) {
                    problems.push(`Invalid gpu.${key}: ${device} (gpu does not match with the hardware: ${env.gpuCount} GPUs)`);
                }
                if (seen.has(device.toLowerCase())) {
                    problems.push(`Duplicate gpu.${key}: ${device}`);
                }
                seen.add(device.toLowerCase());
            }
        }
    } else if (env.gpuBuild && !isBool(gpu.enable)) {
        problems.push("Invalid gpu.enable");
    }

    const logs = section("logs");
    // ValidationUtil ValidateLogLevel.
    if (!["debug", "info", "warning", "error", "fatal"].includes(String(logs.level))) {
        problems.push(`Invalid logs.level: ${String(logs.level)}`);
    }
    if (!storagePath.test(String(logs.path))) {
        problems.push(`Invalid logs.path: ${String(logs.path)}`);
    }
    const logSize = parseBytes(String(logs.max_log_file_size));
    if (typeof logSize === "string" || logSize < 512 * 1024 ** 2 || logSize > 4 * 1024 ** 3) {
        problems.push(`Invalid logs.max_log_file_size: ${String(logs.max_log_file_size)} (512MB to 4GB)`);
    }
    if (!isNumber(logs.log_rotate_num) || Number(logs.log_rotate_num) > 1024) {
        problems.push(`Invalid logs.log_rotate_num: ${String(logs.log_rotate_num)}`);
    }
    for (const key of ["log_to_stdout", "log_to_file"]) {
        if (logs[key] !== undefined && env.release === "0.10") {
            problems.push(`logs.${key} is a key of 1.1 only; 0.10.6 never reads it`);
        }
    }

    const metric = section("metric");
    if (!isBool(metric.enable) || !validPort(metric.port)) {
        problems.push(`Invalid metric settings: port ${String(metric.port)}`);
    }
    // Not checked at start (Config.cpp GetMetricConfigAddress returns it as is), but only an address reachable
    // from inside the pod works; we hold ourselves to the IPv4 check SetMetricConfigAddress applies.
    if (!ipv4.test(String(metric.address))) {
        problems.push(`metric.address is not an IPv4 address: ${String(metric.address)}`);
    }
    return problems;
}

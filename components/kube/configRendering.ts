import * as k8s from "@pulumi/kubernetes";
import { ContainerResources } from "../config/types";
import { SecretRef } from "../backing/serviceConnection";
import { configRenderScript } from "../render/configRenderScript";
import { containerResources } from "./containerResources";
import { helperUser, restrictedContainer } from "./podSecurity";

/** A credential handed to a pod as an env var read from a Secret. */
export interface CredentialEnvVar {
    name: string;
    secret: SecretRef;
}

/**
 * The credentials with each env var once, the first of each name kept: several readers of one rendered pod
 * (a server and its sidecar, the Celery apps' stores) may need the same Secret key under the same name.
 */
export function uniqueCredentials(credentials: readonly CredentialEnvVar[]): CredentialEnvVar[] {
    const unique: CredentialEnvVar[] = [];
    for (const credential of credentials) {
        if (!unique.some((c) => c.name === credential.name)) {
            unique.push(credential);
        }
    }
    return unique;
}

export const credentialEnvVars = (credentials: readonly CredentialEnvVar[]): k8s.types.input.core.v1.EnvVar[] =>
    credentials.map((c) => ({ name: c.name, valueFrom: { secretKeyRef: { name: c.secret.name, key: c.secret.key } } }));

const templateVolume = "config-template";
const renderedVolume = "config";
const templateDir = "/config-template";
const renderedDir = "/config";

/** The pod pieces that turn a ConfigMap of templates into final config files holding credentials. */
export interface ConfigRendering {
    initContainer: k8s.types.input.core.v1.Container;
    volumes: k8s.types.input.core.v1.Volume[];
    /** Mounts one rendered file (a ConfigMap key) at `path` in the main container. */
    mountFile(key: string, path: string): k8s.types.input.core.v1.VolumeMount;
}

/**
 * Builds an init container that copies the ConfigMap's files into an emptyDir with every `$(VAR)` credential
 * placeholder filled from a Secret, so the ConfigMap itself never holds a credential. A credential listed twice
 * is set once.
 */
export function configRendering(args: {
    configMapName: string;
    /** More ConfigMaps whose files are rendered beside the first one's (their keys must differ). */
    alsoFrom?: readonly string[];
    image: string;
    credentials: readonly CredentialEnvVar[];
    resources: ContainerResources;
}): ConfigRendering {
    const credentials = uniqueCredentials(args.credentials);
    return {
        initContainer: {
            name: "render-config",
            image: args.image,
            command: [
                "sh",
                "-c",
                configRenderScript(
                    credentials.map((c) => c.name),
                    templateDir,
                    renderedDir,
                ),
            ],
            env: credentialEnvVars(credentials),
            resources: containerResources(args.resources),
            // busybox needs nothing but the two volumes: no root, no writable root filesystem.
            securityContext: restrictedContainer({ readOnlyRootFilesystem: true, runAsUser: helperUser }),
            volumeMounts: [
                { name: templateVolume, mountPath: templateDir, readOnly: true },
                { name: renderedVolume, mountPath: renderedDir },
            ],
        },
        volumes: [
            args.alsoFrom === undefined || args.alsoFrom.length === 0
                ? { name: templateVolume, configMap: { name: args.configMapName } }
                : {
                      name: templateVolume,
                      projected: { sources: [args.configMapName, ...args.alsoFrom].map((name) => ({ configMap: { name } })) },
                  },
            { name: renderedVolume, emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
        ],
        mountFile: (key, path) => ({ name: renderedVolume, mountPath: path, subPath: key, readOnly: true }),
    };
}

import * as fs from "node:fs/promises";
import { stringify } from "yaml";
import { CertPair, ClusterCertificates } from "./certs";

const b64 = async (file: string): Promise<string> => (await fs.readFile(file)).toString("base64");

/**
 * Writes a self-contained kubeconfig (certificates embedded, so it can be copied anywhere or handed to the
 * Pulumi kubernetes provider as a string) for one client identity.
 */
async function writeKubeconfig(
    file: string,
    args: { server: string; caCert: string; client: CertPair; user: string; contextName?: string },
): Promise<void> {
    const context = args.contextName ?? "milvus-e2e";
    const config = {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "milvus-e2e", cluster: { server: args.server, "certificate-authority-data": await b64(args.caCert) } }],
        users: [
            {
                name: args.user,
                user: {
                    "client-certificate-data": await b64(args.client.cert),
                    "client-key-data": await b64(args.client.key),
                },
            },
        ],
        contexts: [{ name: context, context: { cluster: "milvus-e2e", user: args.user, namespace: "default" } }],
        "current-context": context,
        preferences: {},
    };
    await fs.writeFile(file, stringify(config), { mode: 0o600 });
}

/** Writes the kubeconfig of each client identity of the cluster at `server`, to the paths in `files`. */
export async function writeClusterKubeconfigs(
    files: { admin: string; controllerManager: string; scheduler: string; kwok: string },
    server: string,
    certs: ClusterCertificates,
): Promise<void> {
    const write = (file: string, client: CertPair, user: string): Promise<void> =>
        writeKubeconfig(file, { server, caCert: certs.ca.cert, client, user });
    await Promise.all([
        write(files.admin, certs.admin, "e2e-admin"),
        write(files.controllerManager, certs.controllerManager, "system:kube-controller-manager"),
        write(files.scheduler, certs.scheduler, "system:kube-scheduler"),
        write(files.kwok, certs.kwok, "kwok"),
    ]);
}

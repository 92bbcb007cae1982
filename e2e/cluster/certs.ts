import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Key and certificate files of one identity. */
export interface CertPair {
    cert: string;
    key: string;
}

/** Everything the control plane needs, made fresh by {@link makeCertificates}. */
export interface ClusterCertificates {
    dir: string;
    ca: CertPair;
    /** kube-apiserver's serving certificate. */
    apiserver: CertPair;
    /** Client certificates, by identity. */
    admin: CertPair;
    controllerManager: CertPair;
    scheduler: CertPair;
    kwok: CertPair;
    /** RSA key pair that signs and verifies service-account tokens. */
    serviceAccount: { privateKey: string; publicKey: string };
}

/** Subject alternative names of the apiserver's serving certificate. */
const apiserverSans = {
    ips: ["127.0.0.1", "10.96.0.1"],
    dns: ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost"],
};

/** Client identities: CN is the user, O the groups. */
const clients = {
    admin: { cn: "e2e-admin", o: "system:masters" },
    controllerManager: { cn: "system:kube-controller-manager", o: undefined },
    scheduler: { cn: "system:kube-scheduler", o: undefined },
    // kwok writes node and pod status, leases and events for nodes it does not own: simplest as a master.
    kwok: { cn: "kwok", o: "system:masters" },
} as const;

const opensslConfig = (): string =>
    [
        "[req]",
        "distinguished_name = dn",
        "prompt = no",
        "[dn]",
        "CN = unused",
        "[ca_ext]",
        "basicConstraints = critical,CA:TRUE",
        "keyUsage = critical,keyCertSign,cRLSign,digitalSignature",
        "subjectKeyIdentifier = hash",
        "[server_ext]",
        "basicConstraints = critical,CA:FALSE",
        "keyUsage = critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage = serverAuth",
        "authorityKeyIdentifier = keyid",
        "subjectAltName = @alt",
        "[client_ext]",
        "basicConstraints = critical,CA:FALSE",
        "keyUsage = critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage = clientAuth",
        "authorityKeyIdentifier = keyid",
        "[alt]",
        ...apiserverSans.ips.map((ip, i) => `IP.${i + 1} = ${ip}`),
        ...apiserverSans.dns.map((dns, i) => `DNS.${i + 1} = ${dns}`),
        "",
    ].join("\n");

const openssl = async (args: string[]): Promise<void> => {
    try {
        await run("openssl", args);
    } catch (e) {
        const err = e as { stderr?: string; message: string };
        throw new Error(`openssl ${args[0]} failed: ${err.stderr?.trim() || err.message}`);
    }
};

// ECDSA P-256 for the TLS identities: instant to generate, accepted by every component.
const newEcKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
const days = ["-days", "3650"];

/**
 * Makes a CA, the apiserver's serving certificate, one client certificate per component plus an admin one
 * (`system:masters`), and the RSA service-account key pair, all fresh, in `dir` (replaced if present).
 */
export async function makeCertificates(dir: string): Promise<ClusterCertificates> {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const cnf = path.join(dir, "openssl.cnf");
    await fs.writeFile(cnf, opensslConfig());
    const pair = (name: string): CertPair => ({ cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) });

    const ca = pair("ca");
    const saKey = path.join(dir, "sa.key");
    const saPub = path.join(dir, "sa.pub");
    const serviceAccount = (async () => {
        await openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", saKey]);
        await openssl(["pkey", "-in", saKey, "-pubout", "-out", saPub]);
    })();
    await openssl([
        "req",
        "-x509",
        "-new",
        "-config",
        cnf,
        "-extensions",
        "ca_ext",
        ...newEcKey,
        "-keyout",
        ca.key,
        "-out",
        ca.cert,
        ...days,
        "-subj",
        "/CN=milvus-cluster-e2e-ca",
    ]);

    const signed = async (name: string, subject: string, extensions: "server_ext" | "client_ext"): Promise<CertPair> => {
        const p = pair(name);
        const csr = path.join(dir, `${name}.csr`);
        await openssl(["req", "-new", "-config", cnf, ...newEcKey, "-keyout", p.key, "-out", csr, "-subj", subject]);
        await openssl([
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            ca.cert,
            "-CAkey",
            ca.key,
            // A random serial per certificate: -CAcreateserial would race between the parallel signings.
            "-set_serial",
            `0x${randomBytes(16).toString("hex")}`,
            "-extfile",
            cnf,
            "-extensions",
            extensions,
            ...days,
            "-out",
            p.cert,
        ]);
        await fs.rm(csr);
        return p;
    };
    const client = (name: keyof typeof clients): Promise<CertPair> => {
        const { cn, o } = clients[name];
        return signed(name, o === undefined ? `/CN=${cn}` : `/O=${o}/CN=${cn}`, "client_ext");
    };
    const [apiserver, admin, controllerManager, scheduler, kwok] = await Promise.all([
        signed("apiserver", "/CN=kube-apiserver", "server_ext"),
        client("admin"),
        client("controllerManager"),
        client("scheduler"),
        client("kwok"),
        serviceAccount,
    ]);
    return { dir, ca, apiserver, admin, controllerManager, scheduler, kwok, serviceAccount: { privateKey: saKey, publicKey: saPub } };
}

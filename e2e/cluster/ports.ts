import * as net from "node:net";

/**
 * `count` distinct free TCP ports on 127.0.0.1, chosen by the OS (listen on port 0, read it back, close).
 * All sockets are held open until every port is known, so the ports are distinct; between close and the
 * child's bind another process could take one, which on a test machine is rare enough to accept.
 */
async function freePorts(count: number): Promise<number[]> {
    const servers = await Promise.all(
        Array.from(
            { length: count },
            () =>
                new Promise<net.Server>((resolve, reject) => {
                    const server = net.createServer();
                    server.unref();
                    server.once("error", reject);
                    server.listen(0, "127.0.0.1", () => resolve(server));
                }),
        ),
    );
    const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    return ports;
}

/** The ports the control plane listens on, all on 127.0.0.1. */
export interface ControlPlanePorts {
    etcd: number;
    etcdPeer: number;
    apiserver: number;
    controllerManager: number;
    scheduler: number;
}

/** Free ports for one cluster's control plane ({@link freePorts}). */
export async function controlPlanePorts(): Promise<ControlPlanePorts> {
    const [etcd, etcdPeer, apiserver, controllerManager, scheduler] = await freePorts(5);
    return { etcd, etcdPeer, apiserver, controllerManager, scheduler };
}

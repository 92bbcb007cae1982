/** What the volume keeper does, how often, and with which of the cluster's storage operations (storage.ts). */
export interface VolumeKeeperOptions {
    /** Make Released PVs Available again. */
    recycle: boolean;
    /** Create a PV for every claim of our class still Pending. */
    provision: boolean;
    intervalMs: number;
    recyclePersistentVolumes: () => Promise<string[]>;
    provisionPendingClaims: () => Promise<string[]>;
    log: (line: string) => void;
}

/**
 * Starts the background volume keeper: every `intervalMs`, the operations `opts` asks for, one tick at a time,
 * logging what they changed. The timer is unref'd; undefined when there is nothing to do.
 */
export function startVolumeKeeper(opts: VolumeKeeperOptions): NodeJS.Timeout | undefined {
    const { recycle, provision, log } = opts;
    if (!recycle && !provision) {
        return undefined;
    }
    let busy = false;
    const keeper = setInterval(() => {
        if (busy) {
            return;
        }
        busy = true;
        void (async () => {
            try {
                if (recycle) {
                    const names = await opts.recyclePersistentVolumes();
                    if (names.length > 0) {
                        log(`[cluster] recycled released PVs: ${names.join(", ")}`);
                    }
                }
                if (provision) {
                    const names = await opts.provisionPendingClaims();
                    if (names.length > 0) {
                        log(`[cluster] provisioned PVs for pending claims: ${names.join(", ")}`);
                    }
                }
            } catch {
                // the apiserver may be going away (stop); the next tick retries
            } finally {
                busy = false;
            }
        })();
    }, opts.intervalMs);
    keeper.unref();
    return keeper;
}

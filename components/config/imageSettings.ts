import { defaultServerImage, MilvusRelease, releaseProfiles } from "../release/milvusReleases";
import { ConfigReader } from "./configReader";
import { defaultImages } from "./defaults";
import { ImageSet } from "./types";
import { pinnedImage } from "./validators";

/** `images`: every image, the release's server (GPU or CPU build) and proxy, the rest from `defaultImages`. */
export function readImages(reader: ConfigReader, release: MilvusRelease, gpuEnabled: boolean): ImageSet {
    const fromRelease = {
        milvus: defaultServerImage(release, gpuEnabled),
        proxy: releaseProfiles[release].images.proxy,
    };
    if (fromRelease.milvus === undefined && !reader.has("images.milvus")) {
        reader.fail(
            "gpu.enabled",
            `milvus.release "${release}" published GPU builds only; set images.milvus to a CPU build of your own, ` +
                'or choose milvus.release "1.1" (it has a CPU image)',
        );
    }
    const defaults: ImageSet = { ...defaultImages, milvus: fromRelease.milvus ?? "", proxy: fromRelease.proxy };
    const images = { ...defaults };
    for (const key of Object.keys(defaults) as (keyof ImageSet)[]) {
        images[key] = reader.string(`images.${key}`, defaults[key], pinnedImage);
    }
    // The seed's proxy is one of the Celery apps: it runs whatever celery-apps image the stack names.
    if (releaseProfiles[release].proxy.kind === "celeryThrift" && !reader.has("images.proxy")) {
        images.proxy = images.celeryApps;
    }
    return images;
}

const digestPattern = /^sha256:[a-f0-9]{64}$/;

/**
 * What is wrong with how `image` is pinned, or undefined when it is pinned: to a digest (`@sha256:<64 hex>`,
 * with or without a tag), or to a tag other than `latest`. A registry's port (`host:5000/name`) is no tag.
 */
export function imagePinProblem(image: string | undefined): string | undefined {
    if (image === undefined || image.trim() === "") {
        return "names no image";
    }
    const at = image.indexOf("@");
    if (at >= 0) {
        const digest = image.slice(at + 1);
        return digestPattern.test(digest) ? undefined : `image "${image}" has a digest that is not sha256:<64 hex digits>`;
    }
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.indexOf(":");
    const tag = colon < 0 ? "" : lastSegment.slice(colon + 1);
    if (tag === "") {
        return `image "${image}" has no tag, so it means :latest`;
    }
    if (tag === "latest") {
        return `image "${image}" is tagged latest`;
    }
    return undefined;
}

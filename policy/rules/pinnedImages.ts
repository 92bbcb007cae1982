import { imagePinProblem } from "../lib/imageReference";
import { eachContainer, workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/** Policy 8: what runs is what was reviewed; `latest` moves under you. */
export const pinnedImages = workloadPolicy(
    {
        name: policyNames.pinnedImages,
        description: "Every container's image is pinned to a tag other than latest, or to a sha256 digest.",
    },
    eachContainer(({ container, label }, report) => {
        const problem = imagePinProblem(container.image);
        if (problem !== undefined) {
            report(`${label}: ${problem}`);
        }
    }),
);

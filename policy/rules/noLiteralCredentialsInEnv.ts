import { inlinePasswordUrls, isCredentialName, isLiteralCredential } from "../lib/credentials";
import { eachContainer, workloadPolicy } from "../lib/podTemplatePolicy";
import { policyNames } from "../lib/policyNames";

/** Policy 2: a credential reaches a container through valueFrom.secretKeyRef, never as a literal env value. */
export const noLiteralCredentialsInEnv = workloadPolicy(
    {
        name: policyNames.noLiteralCredentialsInEnv,
        description:
            "No container gets a credential as a literal env value (a credential-named variable, or a URL with an " +
            "inline password); read it from a Secret with valueFrom.secretKeyRef. Cannot be exempted.",
    },
    eachContainer(({ container, label }, report) => {
        for (const env of container.env ?? []) {
            if (env.value === undefined) {
                continue;
            }
            if (isCredentialName(env.name) && isLiteralCredential(env.value)) {
                report(`${label}: env ${env.name} holds a literal credential; use valueFrom.secretKeyRef`);
            }
            for (const url of inlinePasswordUrls(env.value)) {
                report(`${label}: env ${env.name} holds a URL with an inline password (${url})`);
            }
        }
    }),
);

import * as pulumi from "@pulumi/pulumi";

/**
 * A pod template's annotations: the operator's `<tier>.podAnnotations` under the program's own. The parser
 * refuses operator keys the program writes (components/config/podAnnotations.ts); should one slip through,
 * the program's value wins, so the config checksum and the policy exemptions are always the program's.
 */
export const podTemplateAnnotations = (
    operator: Record<string, string> | undefined,
    program: Record<string, pulumi.Input<string>>,
): Record<string, pulumi.Input<string>> => ({ ...(operator ?? {}), ...program });

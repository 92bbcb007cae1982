import * as pulumi from "@pulumi/pulumi";

/**
 * The value a stack output had after the stack's last update (undefined before the first, or when the
 * output did not exist then), read through a StackReference to the running stack itself. It is a read, not
 * a managed resource: nothing is created, and a preview reads the same value an update would.
 */
export async function previousStackOutput(outputName: string): Promise<unknown> {
    const self = new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`);
    const details = await self.getOutputDetails(outputName);
    return details.value ?? details.secretValue;
}

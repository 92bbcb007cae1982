import { ResourceValidationArgs } from "@pulumi/policy";
import { CustomResourceOptions, Resource } from "@pulumi/pulumi";

/**
 * What a resource under validation (ResourceValidationArgs) and a resource of the stack (PolicyResource) both
 * offer: enough to recognise its type and read its properties.
 */
export type TypedResource = Pick<ResourceValidationArgs, "type" | "name" | "props" | "isType">;

/** Any resource class, for `isType`: lists of classes of different kinds or API versions have this type. */
export type ResourceClass = new (name: string, args?: never, opts?: CustomResourceOptions) => Resource;

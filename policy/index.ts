import { PolicyPack } from "@pulumi/policy";
import { packName, policies } from "./policies";

// The engine runs this file (package.json "main"). Constructing the pack starts its gRPC server, reads the
// version from ./package.json in the working directory and keeps the process alive: never import this file
// from a test; import ./policies or ./checkObjects instead.
new PolicyPack(packName, {
    description: "Policies for the milvus-cluster stacks: credentials, pod hardening, RBAC, images, resources, data protection, isolation.",
    enforcementLevel: "mandatory",
    policies,
});
